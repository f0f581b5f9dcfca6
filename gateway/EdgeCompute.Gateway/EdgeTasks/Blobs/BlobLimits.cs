using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>The blob limits the coordinator and the gateways agree on (docs/protocol.md, "Blob transport").</summary>
public static class BlobLimits
{
    /// <summary>The largest module: 8 MiB.</summary>
    public const int MaxModuleBytes = (int)WasmBlobParameters.MaxModuleBytes;

    /// <summary>The largest task input: 4 MiB.</summary>
    public const int MaxInputBytes = (int)WasmBlobParameters.MaxInputBytes;

    /// <summary>The chunk size of every blob: 1 MiB (the last chunk may be shorter).</summary>
    public const int ChunkBytes = 1 << 20;
}
