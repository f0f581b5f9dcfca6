using System.Threading.Channels;
using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Gateway.Tests.Sensors;

/// <summary>Records each window with the clock's time when it arrived; can be told to fail the next hand-overs.</summary>
internal sealed class RecordingSink(TimeProvider time) : IGatewayTelemetrySink
{
    private readonly Channel<(WindowSummary Summary, DateTimeOffset At)> _arrivals = Channel.CreateUnbounded<(WindowSummary, DateTimeOffset)>();

    public int FailuresToCome { get; set; }

    public List<WindowSummary> Received { get; } = [];

    public ValueTask PublishAsync(WindowSummary summary, CancellationToken cancellationToken = default)
    {
        if (FailuresToCome > 0)
        {
            FailuresToCome--;
            _arrivals.Writer.TryWrite((summary, DateTimeOffset.MinValue));
            throw new IOException("outbox is full");
        }

        lock (Received)
        {
            Received.Add(summary);
        }

        _arrivals.Writer.TryWrite((summary, time.GetUtcNow()));
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits for the next hand-over (failed ones included, with time <see cref="DateTimeOffset.MinValue"/>).</summary>
    public Task<(WindowSummary Summary, DateTimeOffset At)> NextAsync() =>
        _arrivals.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
}
