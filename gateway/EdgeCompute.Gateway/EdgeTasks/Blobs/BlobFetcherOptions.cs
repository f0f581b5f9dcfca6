namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>Where and how the gateway fetches blobs from the coordinator's API.</summary>
/// <param name="CoordinatorApi">The coordinator's API base address (http or https, absolute).</param>
/// <param name="GatewayId">This gateway's id (the first half of the <c>Authorization: Gateway id:password</c> header).</param>
/// <param name="BrokerPassword">This gateway's central-broker password (the second half).</param>
/// <param name="CacheFolder">The cache folder; partial blobs go to <c>partial/&lt;sha256&gt;</c> under it.</param>
public sealed record BlobFetcherOptions(Uri CoordinatorApi, string GatewayId, string BrokerPassword, string CacheFolder)
{
    /// <summary>The most fetches running at once; others wait their turn (flow control towards the coordinator). Default 2.</summary>
    public int MaxConcurrentFetches { get; init; } = 2;

    /// <summary>How often a chunk is asked for before the fetch fails (a corrupted chunk or a transport failure each cost one). Default 3.</summary>
    public int MaxChunkAttempts { get; init; } = 3;

    /// <summary>The longest one request (the chunk list, or one chunk) may take. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before asking again after a transport failure, a timeout or a 5xx (not after a corrupted chunk). Default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The CA certificates an <c>https://</c> coordinator API's certificate must chain to (the fleet's <c>ca.pem</c>, the
    /// uplink's <c>CaFile</c>); null for the system's roots. The certificate must also be valid, for a server, and name
    /// the API's host (<see cref="EdgeCompute.Protocol.Tls.ServerCertificateCheck"/>).
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? ApiTrust { get; init; }

    /// <summary>The folder of partial blobs.</summary>
    public string PartialFolder => Path.Combine(CacheFolder, "partial");
}
