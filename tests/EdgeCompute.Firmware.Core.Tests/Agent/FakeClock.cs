using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Core.Tests.Agent;

internal sealed class FakeClock(long now) : IDeviceClock
{
    public long Now { get; set; } = now;

    public long UtcMilliseconds => Now;
}
