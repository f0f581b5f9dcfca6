using EdgeCompute.Gateway.Dispatch;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Coordinator;

namespace EdgeCompute.Gateway.Tests.Dispatch;

public sealed class TaskDispatchTests
{
    private const string MonteCarlo = "mc.pi";

    [Fact]
    public async Task Delivers_the_exact_assignment_bytes_to_an_online_capable_device()
    {
        await using var harness = await DispatchHarness.StartAsync();
        var device = await harness.OnlineDeviceAsync(0, MonteCarlo, "primes.count");
        var assignment = harness.Assignment(device.DeviceId);

        var result = await harness.Dispatcher.DispatchAsync(harness.Task(device.DeviceId, assignment), TestContext.Current.CancellationToken);

        Assert.Equal(DispatchEvent.Delivered, result.Event);
        Assert.False(result.IsReturned);
        await Eventually.TrueAsync(() => !device.Received.IsEmpty, "the device receives its assignment");
        Assert.True(device.Received.TryDequeue(out var received));
        Assert.Equal(assignment, received);
        Assert.Equal(1, harness.Dispatcher.PendingTasks);
        Assert.Empty(await harness.ReturnedUpstreamAsync());
    }

    [Fact]
    public async Task Hands_back_a_task_for_a_device_not_attached_to_this_gateway_as_refused()
    {
        await using var harness = await DispatchHarness.StartAsync();

        var result = await harness.Dispatcher.DispatchAsync(harness.Task("dev-9999", harness.Assignment("dev-9999")), TestContext.Current.CancellationToken);

        Assert.Equal(DispatchEvent.ReturnedUnknownDevice, result.Event);
        var returned = Assert.Single(await harness.ReturnedUpstreamAsync());
        Assert.Equal(new TaskReturnedItem("job-1-t1", 0, "dev-9999", TaskReturnReason.DeviceRefused), returned);
    }

    [Fact]
    public async Task Hands_back_a_task_for_an_offline_device_as_offline()
    {
        await using var harness = await DispatchHarness.StartAsync();
        var silent = harness.Gateway.IdOf(1); // attached, never connected
        var device = await harness.OnlineDeviceAsync(0, MonteCarlo);
        await device.PublishStateAsync(ConnectionState.Offline);
        await Eventually.TrueAsync(() => !harness.Dispatcher.IsOnline(device.DeviceId), "the device is offline");

        var never = await harness.Dispatcher.DispatchAsync(harness.Task(silent, harness.Assignment(silent, "job-1-t1")), TestContext.Current.CancellationToken);
        var wentOffline = await harness.Dispatcher.DispatchAsync(harness.Task(device.DeviceId, harness.Assignment(device.DeviceId, "job-1-t2")), TestContext.Current.CancellationToken);

        Assert.Equal(DispatchEvent.ReturnedOffline, never.Event);
        Assert.Equal(DispatchEvent.ReturnedOffline, wentOffline.Event);
        Assert.Empty(device.Received);
        Assert.Equal(
            [new TaskReturnedItem("job-1-t1", 0, silent, TaskReturnReason.DeviceOffline), new TaskReturnedItem("job-1-t2", 0, device.DeviceId, TaskReturnReason.DeviceOffline)],
            await harness.ReturnedUpstreamAsync());
    }

    [Fact]
    public async Task Hands_back_a_task_whose_kernel_the_device_birth_does_not_list_as_refused()
    {
        await using var harness = await DispatchHarness.StartAsync();
        var device = await harness.OnlineDeviceAsync(0, "primes.count", "pow.sha256");

        var result = await harness.Dispatcher.DispatchAsync(harness.Task(device.DeviceId, harness.Assignment(device.DeviceId)), TestContext.Current.CancellationToken);

        Assert.Equal(DispatchEvent.ReturnedNotCapable, result.Event);
        Assert.Equal(TaskReturnReason.DeviceRefused, result.ReturnReason);
        Assert.Empty(device.Received);
        Assert.Equal(TaskReturnReason.DeviceRefused, Assert.Single(await harness.ReturnedUpstreamAsync()).Reason);
    }

    [Fact]
    public async Task Hands_back_a_task_whose_result_has_not_come_by_its_deadline()
    {
        await using var harness = await DispatchHarness.StartAsync();
        var device = await harness.OnlineDeviceAsync(0, MonteCarlo);
        await harness.Dispatcher.DispatchAsync(harness.Task(device.DeviceId, harness.Assignment(device.DeviceId, deadlineIn: TimeSpan.FromSeconds(30))), TestContext.Current.CancellationToken);

        harness.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, harness.Dispatcher.PendingTasks);
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => harness.Dispatcher.Events[DispatchEvent.ReturnedDeadlinePassed] == 1, "the task is handed back at its deadline");
        Assert.Equal(0, harness.Dispatcher.PendingTasks);
        Assert.Equal(new TaskReturnedItem("job-1-t1", 0, device.DeviceId, TaskReturnReason.DeadlinePassed), Assert.Single(await harness.ReturnedUpstreamAsync()));
    }

    [Fact]
    public async Task Hands_back_a_task_that_arrives_after_its_deadline_without_sending_it()
    {
        await using var harness = await DispatchHarness.StartAsync();
        var device = await harness.OnlineDeviceAsync(0, MonteCarlo);
        harness.Time.Advance(TimeSpan.FromMinutes(2));

        var result = await harness.Dispatcher.DispatchAsync(harness.Task(device.DeviceId, harness.Assignment(device.DeviceId)), TestContext.Current.CancellationToken);

        Assert.Equal(DispatchEvent.ReturnedDeadlinePassed, result.Event);
        Assert.Equal(TaskReturnReason.DeadlinePassed, Assert.Single(await harness.ReturnedUpstreamAsync()).Reason);
        Assert.Empty(device.Received);
    }

    [Fact]
    public async Task Hands_back_pending_tasks_when_their_device_goes_offline()
    {
        await using var harness = await DispatchHarness.StartAsync();
        var device = await harness.OnlineDeviceAsync(0, MonteCarlo);
        var other = await harness.OnlineDeviceAsync(1, MonteCarlo);
        await harness.Dispatcher.DispatchAsync(harness.Task(device.DeviceId, harness.Assignment(device.DeviceId, "job-1-t1")), TestContext.Current.CancellationToken);
        await harness.Dispatcher.DispatchAsync(harness.Task(device.DeviceId, harness.Assignment(device.DeviceId, "job-1-t2", slot: 1)), TestContext.Current.CancellationToken);
        await harness.Dispatcher.DispatchAsync(harness.Task(other.DeviceId, harness.Assignment(other.DeviceId, "job-1-t3")), TestContext.Current.CancellationToken);

        await device.PublishStateAsync(ConnectionState.Offline);

        await Eventually.TrueAsync(() => harness.Dispatcher.Events[DispatchEvent.ReturnedDeviceWentOffline] == 2, "both tasks of the device are handed back");
        Assert.Equal(1, harness.Dispatcher.PendingTasks);
        var returned = await harness.ReturnedUpstreamAsync();
        Assert.Equal(2, returned.Count);
        Assert.All(returned, r => Assert.Equal((device.DeviceId, TaskReturnReason.DeviceOffline), (r.DeviceId, r.Reason)));
        Assert.Equal(["job-1-t1/0", "job-1-t2/1"], returned.Select(r => $"{r.TaskId}/{r.Slot}").Order());
    }

    [Fact]
    public async Task Hands_back_pending_tasks_when_their_device_disconnects()
    {
        await using var harness = await DispatchHarness.StartAsync();
        var device = await harness.OnlineDeviceAsync(0, MonteCarlo);
        await harness.Dispatcher.DispatchAsync(harness.Task(device.DeviceId, harness.Assignment(device.DeviceId)), TestContext.Current.CancellationToken);

        await device.DisconnectAsync();

        await Eventually.TrueAsync(() => harness.Dispatcher.Events[DispatchEvent.ReturnedDeviceWentOffline] == 1, "the task is handed back");
        Assert.False(harness.Dispatcher.IsOnline(device.DeviceId));
        Assert.Equal(TaskReturnReason.DeviceOffline, Assert.Single(await harness.ReturnedUpstreamAsync()).Reason);
    }

    [Fact]
    public async Task A_result_frame_clears_the_pending_task_so_its_deadline_hands_nothing_back()
    {
        await using var harness = await DispatchHarness.StartAsync();
        var device = await harness.OnlineDeviceAsync(0, MonteCarlo);
        var assignment = harness.Assignment(device.DeviceId, "job-1-t1", slot: 2);
        await harness.Dispatcher.DispatchAsync(harness.Task(device.DeviceId, assignment), TestContext.Current.CancellationToken);

        await device.PublishResultAsync(assignment, "job-1-t1", 2);

        await Eventually.TrueAsync(() => harness.Dispatcher.Events[DispatchEvent.ResultReceived] == 1, "the result matches the pending task");
        Assert.Equal(0, harness.Dispatcher.PendingTasks);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        await device.PublishStateAsync(ConnectionState.Offline);
        Assert.Equal(0, harness.Dispatcher.Events[DispatchEvent.ReturnedDeadlinePassed]);
        Assert.Equal(0, harness.Dispatcher.Events[DispatchEvent.ReturnedDeviceWentOffline]);
        Assert.Empty(await harness.ReturnedUpstreamAsync());
    }

    [Fact]
    public async Task A_result_for_another_slot_leaves_the_pending_task_waiting()
    {
        await using var harness = await DispatchHarness.StartAsync();
        var device = await harness.OnlineDeviceAsync(0, MonteCarlo);
        var assignment = harness.Assignment(device.DeviceId, "job-1-t1", slot: 0);
        await harness.Dispatcher.DispatchAsync(harness.Task(device.DeviceId, assignment), TestContext.Current.CancellationToken);

        await device.PublishResultAsync(harness.Assignment(device.DeviceId, "job-1-t1", slot: 1), "job-1-t1", 1);

        await Eventually.TrueAsync(() => harness.Dispatcher.Events[DispatchEvent.ResultUnmatched] == 1, "the result is seen");
        Assert.Equal(1, harness.Dispatcher.PendingTasks);
    }

    [Fact]
    public async Task Hands_back_a_gateway_task_as_refused_when_no_runner_is_configured()
    {
        await using var harness = await DispatchHarness.StartAsync();
        var assignment = harness.Assignment(harness.GatewayId, "job-2-t1");

        var result = await harness.Dispatcher.DispatchAsync(harness.Task(string.Empty, assignment), TestContext.Current.CancellationToken);

        Assert.Equal(DispatchEvent.ReturnedNoRunner, result.Event);
        Assert.Equal(1, harness.Dispatcher.Events[DispatchEvent.ReturnedNoRunner]);
        Assert.Equal(new TaskReturnedItem("job-2-t1", 0, harness.GatewayId, TaskReturnReason.DeviceRefused), Assert.Single(await harness.ReturnedUpstreamAsync()));
    }

    [Fact]
    public async Task Hands_a_gateway_task_to_the_runner_unchanged()
    {
        var runner = new RecordingRunner(accept: true);
        await using var harness = await DispatchHarness.StartAsync(runner: runner);
        var task = harness.Task(string.Empty, harness.Assignment(harness.GatewayId, "job-2-t1"));

        var result = await harness.Dispatcher.DispatchAsync(task, TestContext.Current.CancellationToken);

        Assert.Equal(DispatchEvent.GatewayTaskStarted, result.Event);
        Assert.Same(task, Assert.Single(runner.Tasks));
        Assert.Empty(await harness.ReturnedUpstreamAsync());
    }

    [Fact]
    public async Task Sends_a_redelivered_coordinator_task_only_once()
    {
        await using var harness = await DispatchHarness.StartAsync();
        var device = await harness.OnlineDeviceAsync(0, MonteCarlo);
        var task = harness.Task(device.DeviceId, harness.Assignment(device.DeviceId));

        await harness.Dispatcher.DispatchAsync(task, TestContext.Current.CancellationToken);
        var again = await harness.Dispatcher.DispatchAsync(task, TestContext.Current.CancellationToken);

        Assert.Equal(DispatchEvent.DuplicateTask, again.Event);
        Assert.Equal(1, harness.Dispatcher.Events[DispatchEvent.Delivered]);
        Assert.Empty(await harness.ReturnedUpstreamAsync());
    }

    [Fact]
    public async Task Drops_and_counts_a_task_whose_assignment_does_not_decode()
    {
        await using var harness = await DispatchHarness.StartAsync();
        var device = await harness.OnlineDeviceAsync(0, MonteCarlo);

        var result = await harness.Dispatcher.DispatchAsync(harness.Task(device.DeviceId, [0xa0, 0xff]), TestContext.Current.CancellationToken);

        Assert.Equal(DispatchEvent.MalformedTask, result.Event);
        Assert.Empty(device.Received);
    }

    private sealed class RecordingRunner(bool accept) : IGatewayTaskRunner
    {
        public List<CoordinatorTask> Tasks { get; } = [];

        public Task<bool> TryStartAsync(CoordinatorTask task, CancellationToken cancellationToken = default)
        {
            Tasks.Add(task);
            return Task.FromResult(accept);
        }
    }
}
