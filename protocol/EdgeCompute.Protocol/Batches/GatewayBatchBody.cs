using EdgeCompute.Protocol.Decoding;

namespace EdgeCompute.Protocol.Batches;

/// <summary>A decompressed batch body: <c>{1: items, 2: gateway status (optional)}</c>.</summary>
/// <param name="Items">The items, at most <see cref="ProtocolLimits.MaxBatchItems"/>.</param>
/// <param name="Status">The gateway's status, or null when absent.</param>
public sealed record GatewayBatchBody(IReadOnlyList<BatchItem> Items, GatewayStatus? Status);
