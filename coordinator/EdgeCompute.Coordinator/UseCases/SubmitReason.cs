namespace EdgeCompute.Coordinator.UseCases;

/// <summary>Why a submission was accepted or refused.</summary>
public enum SubmitReason
{
    /// <summary>Funded, split into tasks and stored.</summary>
    Accepted = 0,

    /// <summary>A job with this id exists already (a retry of an accepted submission gets this with the job's id).</summary>
    DuplicateJobId,

    /// <summary>The spec is invalid.</summary>
    InvalidSpec,

    /// <summary>The most the submitter will pay (<see cref="JobSubmission.MaxPrice"/>) is not a positive amount.</summary>
    InvalidFee,

    /// <summary>The submitter is not a registered owner.</summary>
    UnknownSubmitter,

    /// <summary>The submitter's balance does not cover the job's quote (its escrow).</summary>
    InsufficientFunds,

    /// <summary>A sensor query whose region has no online gateway that runs WASM.</summary>
    NoNodesForData,

    /// <summary>The job's WebAssembly module does not compile under the gateways' configuration or does not follow the host ABI.</summary>
    InvalidModule,

    /// <summary>The registered fleet can never place the job's tasks (too few diverse owners, or no node runs the kernel).</summary>
    NeverPlaceable,

    /// <summary>The job names a blob (by hash) its submitter does not hold; <see cref="SubmitResult.BlobHash"/> names it.</summary>
    ForeignBlob,

    /// <summary>The job's quote is more than the submitter's <see cref="JobSubmission.MaxPrice"/>; <see cref="SubmitResult.Quote"/> holds it.</summary>
    PriceOverMax,
}
