using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Protocol.Batches;

/// <summary>
/// Item kind 2, <c>[2, senml bstr]</c>: a window summary of the gateway's own sensors (base name <c>"{gateway id}/"</c>),
/// covered by the batch signature. Decode it with <see cref="WindowSummaryCodec"/>.
/// </summary>
/// <param name="Pack">The SenML pack bytes.</param>
public sealed record GatewayTelemetryItem(ReadOnlyMemory<byte> Pack) : BatchItem
{
    /// <inheritdoc/>
    public override BatchItemKind Kind => BatchItemKind.GatewayTelemetry;

    /// <summary>Encodes a summary of the gateway's own sensors as an item.</summary>
    /// <param name="summary">The summary; its source id is the gateway id.</param>
    /// <returns>The item.</returns>
    public static GatewayTelemetryItem From(WindowSummary summary) => new(WindowSummaryCodec.Encode(summary));
}
