namespace EdgeCompute.Coordinator.Api.Http;

/// <summary>The <c>type</c> URIs of the API's RFC 7807 problems (URNs: stable names, not web pages).</summary>
public static class ApiProblemTypes
{
    /// <summary>A parameter or body field is missing or malformed (400); the problem's <c>field</c> names it.</summary>
    public const string InvalidRequest = "urn:edgecompute:problem:invalid-request";

    /// <summary>The body is larger than the endpoint takes (413).</summary>
    public const string BodyTooLarge = "urn:edgecompute:problem:body-too-large";

    /// <summary>No token, or a token that is nobody's (401).</summary>
    public const string Unauthorized = "urn:edgecompute:problem:unauthorized";

    /// <summary>A valid token that may not do this (403).</summary>
    public const string Forbidden = "urn:edgecompute:problem:forbidden";

    /// <summary>No such job, epoch, device, owner line (404).</summary>
    public const string NotFound = "urn:edgecompute:problem:not-found";

    /// <summary>The submitter's balance does not cover the fee (402).</summary>
    public const string InsufficientFunds = "urn:edgecompute:problem:insufficient-funds";

    /// <summary>A job with that id exists (409); the problem's <c>jobId</c> names it.</summary>
    public const string DuplicateJob = "urn:edgecompute:problem:duplicate-job";

    /// <summary>A sensor query whose region has no online WASM gateway (409).</summary>
    public const string NoNodesForData = "urn:edgecompute:problem:no-nodes-for-data";

    /// <summary>A job's WebAssembly module does not compile under the gateways' configuration or breaks the host ABI (400); the detail names the import or export.</summary>
    public const string InvalidModule = "urn:edgecompute:problem:invalid-module";

    /// <summary>The registered fleet can never place the job's tasks (409): too few eligible owners for its quorum, or no node runs its kernel.</summary>
    public const string NeverPlaceable = "urn:edgecompute:problem:never-placeable";

    /// <summary>The job is still running: no result yet (409).</summary>
    public const string JobRunning = "urn:edgecompute:problem:job-running";

    /// <summary>The job failed and was refunded: it has no result (409).</summary>
    public const string JobFailed = "urn:edgecompute:problem:job-failed";

    /// <summary>The job was cancelled: it has no result (409).</summary>
    public const string JobCancelled = "urn:edgecompute:problem:job-cancelled";

    /// <summary>The job completed or failed: there is nothing left to cancel (409).</summary>
    public const string JobFinished = "urn:edgecompute:problem:job-finished";

    /// <summary>A deposit reference booked before with another owner or amount (409).</summary>
    public const string DepositConflict = "urn:edgecompute:problem:deposit-conflict";

    /// <summary>The ledger refused a booking for another reason (409).</summary>
    public const string LedgerRefused = "urn:edgecompute:problem:ledger-refused";

    /// <summary>The database cannot be reached right now (503, with <c>Retry-After</c>); the API recovers by itself when it is back.</summary>
    public const string StoreUnavailable = "urn:edgecompute:problem:store-unavailable";

    /// <summary>429: too many requests from this token or address; <c>Retry-After</c> says when to try again.</summary>
    public const string RateLimited = "urn:edgecompute:problem:rate-limited";

    /// <summary>An uploaded blob's SHA-256 is not the hash in its URL (400); the problem's <c>received</c> is the body's hash.</summary>
    public const string HashMismatch = "urn:edgecompute:problem:hash-mismatch";

    /// <summary>A blob larger than 8 MiB (413); the problem's <c>maxBytes</c> is the limit.</summary>
    public const string TooLarge = "urn:edgecompute:problem:too-large";

    /// <summary>Holding the blob would take the owner past the storage quota (409); the problem names <c>quotaBytes</c> and <c>usedBytes</c>.</summary>
    public const string QuotaExceeded = "urn:edgecompute:problem:quota-exceeded";

    /// <summary>A job names a blob its submitter does not hold (403); the problem's <c>sha256</c> names it.</summary>
    public const string ForeignBlob = "urn:edgecompute:problem:foreign-blob";

    /// <summary>A job's quote is above the submitter's <c>maxPrice</c> (400); the problem's <c>price</c> is the quote, <c>maxPrice</c> the ceiling.</summary>
    public const string PriceOverMax = "urn:edgecompute:problem:price-over-max";

    /// <summary>A blob upload without <c>Content-Length</c> (411).</summary>
    public const string LengthRequired = "urn:edgecompute:problem:length-required";

    /// <summary>A <c>Range</c> that is not one satisfiable byte range of the blob (416, with <c>Content-Range: bytes */size</c>).</summary>
    public const string RangeNotSatisfiable = "urn:edgecompute:problem:range-not-satisfiable";
}
