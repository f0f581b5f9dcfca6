namespace EdgeCompute.Client.Errors;

/// <summary>The problem types the coordinator answers (<c>urn:edgecompute:problem:</c> + a name).</summary>
public static class ApiProblemTypes
{
    /// <summary>The prefix of every type.</summary>
    public const string Prefix = "urn:edgecompute:problem:";

    /// <summary>400: a parameter or body member is missing or malformed (<see cref="ApiProblem.Field"/> names it).</summary>
    public const string InvalidRequest = Prefix + "invalid-request";

    /// <summary>413: the body is too large.</summary>
    public const string BodyTooLarge = Prefix + "body-too-large";

    /// <summary>401: no token, or one the coordinator does not know.</summary>
    public const string Unauthorized = Prefix + "unauthorized";

    /// <summary>403: the token may not do this.</summary>
    public const string Forbidden = Prefix + "forbidden";

    /// <summary>404.</summary>
    public const string NotFound = Prefix + "not-found";

    /// <summary>402: the submitter's balance does not cover the fee (with <c>fee</c>, <c>owner</c>, <c>balance</c>).</summary>
    public const string InsufficientFunds = Prefix + "insufficient-funds";

    /// <summary>409: a job with that id exists (nothing was charged again).</summary>
    public const string DuplicateJob = Prefix + "duplicate-job";

    /// <summary>409: no online node can read the data a sensor query asks for.</summary>
    public const string NoNodesForData = Prefix + "no-nodes-for-data";

    /// <summary>400: the job's WebAssembly module does not compile under the gateways' configuration or breaks the host ABI; the detail names the import or export.</summary>
    public const string InvalidModule = Prefix + "invalid-module";

    /// <summary>409: the registered fleet can never place the job's tasks (too few eligible owners for its quorum, or no node runs its kernel).</summary>
    public const string NeverPlaceable = Prefix + "never-placeable";

    /// <summary>409: the job is still running.</summary>
    public const string JobRunning = Prefix + "job-running";

    /// <summary>409: the job failed and was refunded.</summary>
    public const string JobFailed = Prefix + "job-failed";

    /// <summary>The job was cancelled: it has no result (409).</summary>
    public const string JobCancelled = Prefix + "job-cancelled";

    /// <summary>The job completed or failed: nothing left to cancel (409).</summary>
    public const string JobFinished = Prefix + "job-finished";

    /// <summary>409: a deposit reference reused with another owner or amount.</summary>
    public const string DepositConflict = Prefix + "deposit-conflict";

    /// <summary>409: the ledger refused the entry.</summary>
    public const string LedgerRefused = Prefix + "ledger-refused";

    /// <summary>429: too many requests from this token or address (with <c>Retry-After</c>).</summary>
    public const string RateLimited = Prefix + "rate-limited";

    /// <summary>503: the coordinator's database is unreachable (with <c>Retry-After</c>).</summary>
    public const string StoreUnavailable = Prefix + "store-unavailable";

    /// <summary>400: an uploaded blob's SHA-256 is not the hash it was sent under.</summary>
    public const string HashMismatch = Prefix + "hash-mismatch";

    /// <summary>413: a blob larger than 8 MiB.</summary>
    public const string TooLarge = Prefix + "too-large";

    /// <summary>409: holding the blob would pass the owner's storage quota (the problem names the quota and the use).</summary>
    public const string QuotaExceeded = Prefix + "quota-exceeded";

    /// <summary>403: a job names a blob its submitter does not hold.</summary>
    public const string ForeignBlob = Prefix + "foreign-blob";

    /// <summary>411: a blob upload without Content-Length.</summary>
    public const string LengthRequired = Prefix + "length-required";

    /// <summary>416: a Range that is not one byte range within the blob.</summary>
    public const string RangeNotSatisfiable = Prefix + "range-not-satisfiable";

    /// <summary>An answer that was not a problem document.</summary>
    public const string Unknown = "about:blank";
}
