using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Gateway.Tests.Wiring;

/// <summary>A fake clock at a minute boundary, and gateway settings whose timeouts do not fire while a test steps it.</summary>
internal static class WiringClock
{
    public static FakeTimeProvider Create() => new(DateTimeOffset.FromUnixTimeMilliseconds(TestFrames.WindowStartMs));

    /// <summary>Commit and uplink timeouts far beyond what a test advances, so stepping the clock never fails a slow commit.</summary>
    public static void Relax(GatewayOptions options)
    {
        options.Outbox.CommitTimeout = TimeSpan.FromDays(1);
        options.Uplink.OperationTimeout = TimeSpan.FromDays(1);
        options.Uplink.ResendTimeout = TimeSpan.FromDays(1);
        options.Batching.StatusInterval = TimeSpan.FromDays(1);
    }
}
