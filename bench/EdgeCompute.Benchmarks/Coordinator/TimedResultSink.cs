using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Benchmarks.Coordinator;

/// <summary>The engine as the ingestor's result sink, with the time of the MAC check before the commit and of the hand-over after it summed.</summary>
internal sealed class TimedResultSink(IResultSink engine, ConcurrentDictionary<string, Timing> timings) : IResultSink
{
    public Task AcceptAsync(DeviceFrame frame, TaskResult result, string gatewayId, CancellationToken cancellationToken = default) =>
        engine.AcceptAsync(frame, result, gatewayId, cancellationToken);

    public async Task AcceptManyAsync(IReadOnlyList<ReceivedResult> results, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await engine.AcceptManyAsync(results, cancellationToken).ConfigureAwait(false);
        timings.GetOrAdd("results.AcceptMany", _ => new Timing()).Add(Stopwatch.GetElapsedTime(started));
    }

    public async Task<IReadOnlyList<bool>> AuthenticateAsync(IReadOnlyList<ReceivedResult> results, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var authentic = await engine.AuthenticateAsync(results, cancellationToken).ConfigureAwait(false);
        timings.GetOrAdd("results.Authenticate", _ => new Timing()).Add(Stopwatch.GetElapsedTime(started));
        return authentic;
    }

    public Task AcceptGatewayResultAsync(GatewayTaskResultItem item, string gatewayId, CancellationToken cancellationToken = default) =>
        engine.AcceptGatewayResultAsync(item, gatewayId, cancellationToken);
}
