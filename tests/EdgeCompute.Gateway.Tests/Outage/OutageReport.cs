using System.Globalization;

namespace EdgeCompute.Gateway.Tests.Outage;

/// <summary>The numbers of one simulated outage, printed as one line.</summary>
/// <param name="Seed">The jitter seed.</param>
/// <param name="Length">The simulated time the central broker was down.</param>
/// <param name="FramesFed">Frames published during the outage.</param>
/// <param name="PeakPendingItems">The most items waiting in the outbox (sampled after every simulated minute).</param>
/// <param name="PeakBytes">The most charged outbox bytes seen.</param>
/// <param name="BoundBytes">The configured bound (<c>Outbox:MaxBytes</c>).</param>
/// <param name="Attempts">Connection attempts while the broker was down.</param>
/// <param name="MostAttempts">The most the backoff schedule allows in that time.</param>
/// <param name="FewestAttempts">The fewest it allows.</param>
/// <param name="ReconnectAfter">Simulated time from the broker's return to the reconnect.</param>
/// <param name="Delivered">Frames the coordinator fixture stored (all phases).</param>
/// <param name="Evicted">Frames the outbox evicted at its bound.</param>
/// <param name="GapItems">Gap items the coordinator received.</param>
/// <param name="Duplicates">Batches the coordinator received again (resends acknowledged idempotently).</param>
internal sealed record OutageReport(
    int Seed,
    TimeSpan Length,
    int FramesFed,
    long PeakPendingItems,
    long PeakBytes,
    long BoundBytes,
    long Attempts,
    int MostAttempts,
    int FewestAttempts,
    TimeSpan ReconnectAfter,
    int Delivered,
    long Evicted,
    int GapItems,
    long Duplicates)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"seed={Seed} outage={Length.TotalHours:0.##}h framesFed={FramesFed} peakOutbox={PeakPendingItems} items/{PeakBytes} B bound={BoundBytes} B " +
        $"connectAttempts={Attempts} (schedule allows {FewestAttempts}..{MostAttempts}) reconnectAfter={ReconnectAfter.TotalSeconds:0.###}s " +
        $"delivered={Delivered} evicted={Evicted} gapItems={GapItems} duplicateBatches={Duplicates}");
}
