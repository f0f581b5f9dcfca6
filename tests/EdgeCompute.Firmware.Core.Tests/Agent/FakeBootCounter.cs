using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Core.Tests.Agent;

internal sealed class FakeBootCounter(uint stored) : IBootCounter
{
    public uint Stored { get; private set; } = stored;

    public uint NextBoot() => ++Stored;
}
