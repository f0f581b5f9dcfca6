using EdgeCompute.Firmware.Simulator.Behaviours;
using EdgeCompute.Firmware.Simulator.Transport;

namespace EdgeCompute.Firmware.Simulator.Devices;

/// <summary>
/// Where a device's link delivers: counts task messages, drops them for a lazy device, lets a cheater note the
/// assignment hash, and hands the rest to the device's current agent.
/// </summary>
internal sealed class TaskInbox : IDeviceLinkListener
{
    private readonly SimulatedDevice _device;
    private readonly bool _lazy;
    private readonly CheatingTransport? _cheater;
    private long _received;
    private long _ignored;

    public TaskInbox(SimulatedDevice device, bool lazy, CheatingTransport? cheater)
    {
        _device = device;
        _lazy = lazy;
        _cheater = cheater;
    }

    public long Received => Interlocked.Read(ref _received);

    public long Ignored => Interlocked.Read(ref _ignored);

    public void OnTaskMessage(byte[] payload, int offset, int count)
    {
        Interlocked.Increment(ref _received);
        if (_lazy)
        {
            Interlocked.Increment(ref _ignored);
            return;
        }

        _cheater?.RecordAssignment(payload, offset, count);
        _device.Agent.OnTaskMessage(payload, offset, count);
    }

    public void OnConnected() => _device.Agent.OnConnected();
}
