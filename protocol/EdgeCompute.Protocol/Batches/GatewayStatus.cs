namespace EdgeCompute.Protocol.Batches;

/// <summary>The optional gateway status of a batch body: <c>{1: idle CPU permille, 2: free memory bytes, 3: outbox depth}</c>.</summary>
/// <param name="IdleCpuPermille">Idle CPU in permille, 0 to 1000.</param>
/// <param name="FreeMemoryBytes">Free memory in bytes.</param>
/// <param name="OutboxDepth">Batches waiting in the outbox.</param>
public sealed record GatewayStatus(uint IdleCpuPermille, ulong FreeMemoryBytes, ulong OutboxDepth);
