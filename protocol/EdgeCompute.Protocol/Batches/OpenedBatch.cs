namespace EdgeCompute.Protocol.Batches;

/// <summary>A batch whose signature verified and whose body decompressed to its declared length and decoded.</summary>
/// <param name="Envelope">The envelope as received.</param>
/// <param name="Body">The decoded body.</param>
/// <param name="RawBody">The decompressed body bytes.</param>
public sealed record OpenedBatch(GatewayBatch Envelope, GatewayBatchBody Body, ReadOnlyMemory<byte> RawBody);
