using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Gateway.Tests.Sensors;

/// <summary>A fake clock whose reading can be moved back while its timers keep running forward.</summary>
internal sealed class ShiftedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    public TimeSpan Shift { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
}
