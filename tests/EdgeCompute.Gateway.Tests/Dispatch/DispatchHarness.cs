using EdgeCompute.Gateway.DeviceBroker;
using EdgeCompute.Gateway.Dispatch;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Gateway.Tests.Dispatch;

/// <summary>A device broker, outbox and dispatcher over a provisioned fleet, on a fake clock.</summary>
internal sealed class DispatchHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly List<TestDevice> _devices = [];

    private DispatchHarness(TestGateway gateway, OutboxStore outbox, DeviceBrokerServer broker, TaskDispatcher dispatcher, FakeTimeProvider time)
    {
        Gateway = gateway;
        Outbox = outbox;
        Broker = broker;
        Dispatcher = dispatcher;
        Time = time;
    }

    public TestGateway Gateway { get; }

    public OutboxStore Outbox { get; }

    public DeviceBrokerServer Broker { get; }

    public TaskDispatcher Dispatcher { get; }

    public FakeTimeProvider Time { get; }

    public string GatewayId => Gateway.File.GatewayId;

    public static async Task<DispatchHarness> StartAsync(int devices = 2, IGatewayTaskRunner? runner = null)
    {
        var time = new FakeTimeProvider(Start);
        var gateway = new TestGateway(devices);
        var outbox = gateway.OpenOutbox(time);
        var (broker, _) = await gateway.StartBrokerAsync(outbox, time);
        var dispatcher = gateway.Own(new TaskDispatcher(broker, outbox, gateway.File.GatewayId, gateway.File.Devices.Select(d => d.DeviceId), runner, time));
        return new DispatchHarness(gateway, outbox, broker, dispatcher, time);
    }

    /// <summary>Connects device <paramref name="index"/>, announces its kernels and waits until the dispatcher sees it online.</summary>
    public async Task<TestDevice> OnlineDeviceAsync(int index, params string[] kernels)
    {
        var device = await TestDevice.ConnectAsync(Gateway, index);
        _devices.Add(device);
        await device.AnnounceAsync(1, kernels);
        await Eventually.TrueAsync(() => Dispatcher.IsOnline(device.DeviceId), $"{device.DeviceId} online");
        return device;
    }

    public byte[] Assignment(string deviceId, string taskId = "job-1-t1", uint slot = 0, TimeSpan? deadlineIn = null) =>
        TaskAssignmentCodec.Encode(new TaskAssignment(
            taskId, slot, deviceId, new MonteCarloPiParameters(42, 1000), 200_000, (Start + (deadlineIn ?? TimeSpan.FromMinutes(1))).ToUnixTimeMilliseconds()));

    public CoordinatorTask Task(string target, byte[] assignment) => new(GatewayId, target, assignment, Start.ToUnixTimeMilliseconds(), ReadOnlyMemory<byte>.Empty);

    /// <summary>Cuts a batch from the outbox and returns the task-returned items it carries upstream.</summary>
    public async Task<List<TaskReturnedItem>> ReturnedUpstreamAsync()
    {
        List<BatchItem> items = [];
        await Outbox.CutBatchAsync(1 << 20, 10_000, allowEmpty: false, (_, _, batch) => { items.AddRange(batch); return [0]; }, TestContext.Current.CancellationToken);
        return items.OfType<TaskReturnedItem>().ToList();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var device in _devices)
        {
            device.Dispose();
        }

        await Gateway.DisposeAsync();
    }
}
