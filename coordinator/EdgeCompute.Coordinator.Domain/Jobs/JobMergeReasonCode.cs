namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>Why <see cref="JobMerger"/> did or did not produce a result.</summary>
public enum JobMergeReasonCode
{
    /// <summary>Merged.</summary>
    Ok = 0,

    /// <summary>The spec failed <see cref="JobSpecValidator"/>.</summary>
    InvalidSpec,

    /// <summary>A task index has no output.</summary>
    MissingOutput,

    /// <summary>A task index has more than one output.</summary>
    DuplicateOutput,

    /// <summary>An output's index is not a task of this job.</summary>
    IndexOutOfRange,

    /// <summary>An output is of the wrong type for the job (a kernel output where bytes were due, or another kernel's).</summary>
    WrongOutputType,

    /// <summary>An output contradicts its task (samples, nonce range, count or digest length).</summary>
    OutputDoesNotMatchTask,

    /// <summary>A tile's output is not <c>width × height</c> bytes.</summary>
    TileSizeMismatch,

    /// <summary>A sensor query output is not 32 bytes of sane counts.</summary>
    BadSensorOutput,

    /// <summary>Gateways with readings report different decimal exponents for the channel.</summary>
    MixedExponents,
}
