using EdgeCompute.Firmware.Simulator.Devices;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Firmware.Simulator.Fleet;

/// <summary>
/// Starts the fleet's rounds of publishing without waiting for them, and waits for them at the end of a run: a publish
/// waits for its PUBACK (the gateway's durable commit) and must not hold up the next sampling step.
/// </summary>
/// <remarks>
/// Each round is claimed on the step's thread (<see cref="SimulatedDevice.TryClaimPublishing"/>), so a round counts as
/// under way before it starts: the end of a run waits for it (a round queued but not started when the report was taken
/// would send frames the report leaves out). The sends themselves (each publish up to its wait for the PUBACK) run on the
/// thread pool, a batch of devices per work item, so the step's own thread is free for the next step.
/// </remarks>
internal sealed class PublishingRounds
{
    private const int Batch = 64;

    private readonly SimulatedDevice[] _devices;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _publishTimeout;
    private readonly ILogger _logger;
    private long _errors;

    /// <summary>Creates the rounds of <paramref name="devices"/>.</summary>
    /// <param name="devices">The fleet's devices.</param>
    /// <param name="timeProvider">The clock the end of a run waits on.</param>
    /// <param name="publishTimeout">How long the end of a run waits for rounds under way before it stops them.</param>
    /// <param name="logger">Receives publishing failures.</param>
    public PublishingRounds(SimulatedDevice[] devices, TimeProvider timeProvider, TimeSpan publishTimeout, ILogger logger)
    {
        _devices = devices;
        _timeProvider = timeProvider;
        _publishTimeout = publishTimeout;
        _logger = logger;
    }

    /// <summary>
    /// Gets or sets what runs each batch of claimed rounds; the thread pool when null (tests run them inline, or hold
    /// them to look at the fleet before they start).
    /// </summary>
    public Action<Action>? Queue { get; set; }

    /// <summary>Gets how many rounds failed (logged; the device keeps going).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Gets whether any device's round is claimed or under way.</summary>
    public bool AnyUnderWay => _devices.Any(d => d.IsPublishing);

    /// <summary>Claims and starts a round for every device with something due and none under way; does not wait.</summary>
    /// <returns>How many rounds were claimed.</returns>
    public int StartDue()
    {
        var claimed = 0;
        List<SimulatedDevice>? due = null;
        foreach (var device in _devices)
        {
            if (!device.TryClaimPublishing())
            {
                continue;
            }

            claimed++;
            due ??= new List<SimulatedDevice>(Batch);
            due.Add(device);
            if (due.Count == Batch)
            {
                Enqueue(due);
                due = null;
            }
        }

        if (due is not null)
        {
            Enqueue(due);
        }

        return claimed;
    }

    /// <summary>Publishes what every device has due and waits for every round (the fake-clock step).</summary>
    /// <returns>A task that completes when every round has ended.</returns>
    public Task PublishEachAsync()
    {
        var publishing = new List<Task>();
        foreach (var device in _devices)
        {
            var task = PublishAsync(device);
            if (!task.IsCompleted)
            {
                publishing.Add(task);
            }
        }

        return Task.WhenAll(publishing);
    }

    /// <summary>
    /// Lets the rounds under way or queued finish (each message ends at its PUBACK or its timeout) for up to one publish
    /// timeout, then stops every device's publishing and waits for the messages still in flight, so that no frame leaves a
    /// device after the report is taken.
    /// </summary>
    /// <returns>A task that completes when no device publishes any more.</returns>
    public async Task DrainAsync()
    {
        await WhileUnderWayAsync().ConfigureAwait(false);
        foreach (var device in _devices)
        {
            device.StopPublishing();
        }

        await WhileUnderWayAsync().ConfigureAwait(false);
    }

    private async Task WhileUnderWayAsync()
    {
        var waited = TimeSpan.Zero;
        var step = TimeSpan.FromMilliseconds(50);
        while (waited < _publishTimeout && AnyUnderWay)
        {
            await Task.Delay(step, _timeProvider).ConfigureAwait(false);
            waited += step;
        }
    }

    private void Enqueue(List<SimulatedDevice> claimed)
    {
        if (Queue is { } queue)
        {
            queue(() => StartClaimed(claimed));
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(StartClaimed, claimed, preferLocal: false);
    }

    private void StartClaimed(List<SimulatedDevice> claimed)
    {
        foreach (var device in claimed)
        {
            _ = PublishClaimedAsync(device);
        }
    }

    private async Task PublishClaimedAsync(SimulatedDevice device)
    {
        try
        {
            await device.PublishClaimedAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
        {
            Failed(device, e);
        }
    }

    private async Task PublishAsync(SimulatedDevice device)
    {
        try
        {
            await device.PublishAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
        {
            Failed(device, e);
        }
    }

    private void Failed(SimulatedDevice device, Exception e)
    {
        Interlocked.Increment(ref _errors);
        _logger.LogError(e, "{DeviceId}: publishing failed", device.DeviceId);
    }
}
