namespace EdgeCompute.Client;

/// <summary>Where the coordinator is, who calls, and how patiently.</summary>
public sealed class EdgeComputeClientOptions
{
    /// <summary>Gets or sets the coordinator's API address (scheme, host and port; e.g. <c>http://127.0.0.1:8080</c>).</summary>
    public required Uri BaseAddress { get; set; }

    /// <summary>Gets or sets the bearer token (an owner's API token, or the operator token); null for the public reads only.</summary>
    public string? Token { get; set; }

    /// <summary>Gets or sets how long one attempt may take, headers and body (default 30 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many attempts a call makes before it gives up (default 4; 1 turns retries off).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Gets or sets the wait before the first retry, doubled before each further one (default 0.5 s).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Gets or sets the longest wait between attempts (default 10 s). A <c>Retry-After</c> longer than this is not waited
    /// for: the call fails with the problem and its <see cref="Errors.ApiProblemException.RetryAfter"/>.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets the CA certificates an <c>https://</c> API's certificate must chain to — a private CA, such as the fleet's
    /// <c>ca.pem</c> from <c>edgecompute provision tls</c> (<c>X509CertificateLoader</c> or <c>X509Certificate2Collection.ImportFromPemFile</c>).
    /// When set, only these are trusted (not the system's roots), and the certificate must still be valid now, be a server
    /// certificate and name the host. Null (default): the system's trusted roots. Applies to the handler the client makes
    /// itself, not to a handler or <see cref="HttpClient"/> given to it.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? TrustedCertificateAuthorities { get; set; }

    /// <summary>Gets or sets the clock the waits between attempts run on (tests pass a fake one).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An address that is not absolute http(s), or a timeout, attempt count or delay out of range.</exception>
    public void Validate()
    {
        if (BaseAddress is null || !BaseAddress.IsAbsoluteUri || BaseAddress.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"BaseAddress must be an absolute http or https URL, got \"{BaseAddress}\"", nameof(BaseAddress));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Timeout must be positive, got {Timeout}", nameof(Timeout));
        }

        if (MaxAttempts is < 1 or > 20)
        {
            throw new ArgumentException($"MaxAttempts must be 1 to 20, got {MaxAttempts}", nameof(MaxAttempts));
        }

        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < RetryDelay)
        {
            throw new ArgumentException($"RetryDelay must be 0 or more and at most MaxRetryDelay, got {RetryDelay} and {MaxRetryDelay}", nameof(RetryDelay));
        }
    }
}
