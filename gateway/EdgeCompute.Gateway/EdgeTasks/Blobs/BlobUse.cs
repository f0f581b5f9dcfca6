namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>What a task needs a blob for, which decides its cache and its size limit.</summary>
public enum BlobUse
{
    /// <summary>A WebAssembly module (at most <see cref="BlobLimits.MaxModuleBytes"/>), kept in the module cache.</summary>
    Module = 0,

    /// <summary>A task input (at most <see cref="BlobLimits.MaxInputBytes"/>), kept in the smaller input cache.</summary>
    Input = 1,
}
