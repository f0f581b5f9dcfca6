namespace EdgeCompute.Coordinator.Api.Limits;

/// <summary>
/// Limits on how fast and how much one caller may send to the API (configuration section <c>ApiLimitsOptions</c>).
/// A request with a token the coordinator knows counts against that owner (or the operator), whatever address it comes
/// from; any other request, an unknown token included, against its remote address. Over the limit the API answers 429
/// <c>rate-limited</c> with <c>Retry-After</c>. Batch ingest (MQTT) does not pass through the API and is never limited here.
/// </summary>
public sealed class ApiLimitsOptions
{
    /// <summary>Gets or sets whether the rate limits apply (body size limits always do).</summary>
    public bool RateLimitsEnabled { get; set; } = true;

    /// <summary>Gets the limit per known token (default: bursts of 200, 20 more each second).</summary>
    public ApiRateLimit PerToken { get; init; } = new() { Burst = 200, Permits = 20, Period = TimeSpan.FromSeconds(1) };

    /// <summary>
    /// Gets the limit per known token (or registered gateway) on the blob endpoints, which have their own bucket: a
    /// researcher checks and uploads one blob per input, a gateway fetches one chunk per request (default: bursts of
    /// 2,000, 200 more each second). Requests without a known token count against <see cref="PerAddress"/> there too.
    /// </summary>
    public ApiRateLimit PerTokenBlobs { get; init; } = new() { Burst = 2000, Permits = 200, Period = TimeSpan.FromSeconds(1) };

    /// <summary>Gets the limit per remote address of requests without a known token (default: bursts of 100, 10 more each second).</summary>
    public ApiRateLimit PerAddress { get; init; } = new() { Burst = 100, Permits = 10, Period = TimeSpan.FromSeconds(1) };

    /// <summary>Gets or sets the largest <c>POST /api/jobs</c> body, bytes (default 16 MiB: a WASM module travels base64 in the spec).</summary>
    public long MaxJobBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Gets or sets the largest <c>POST /api/deposits</c> body, bytes (default 16 KiB).</summary>
    public long MaxDepositBodyBytes { get; set; } = 16 * 1024;

    /// <summary>Says what is wrong with the options, or null.</summary>
    /// <returns>The problem naming the setting, or null.</returns>
    public string? Problem() =>
        (PerToken ?? throw new InvalidOperationException("PerToken is null")).Problem($"{nameof(ApiLimitsOptions)}:{nameof(PerToken)}")
        ?? (PerAddress ?? throw new InvalidOperationException("PerAddress is null")).Problem($"{nameof(ApiLimitsOptions)}:{nameof(PerAddress)}")
        ?? (PerTokenBlobs ?? throw new InvalidOperationException("PerTokenBlobs is null")).Problem($"{nameof(ApiLimitsOptions)}:{nameof(PerTokenBlobs)}")
        ?? (MaxJobBodyBytes is < 1024 or > 256L * 1024 * 1024 ? $"{nameof(ApiLimitsOptions)}:{nameof(MaxJobBodyBytes)} must be 1 KiB to 256 MiB, got {MaxJobBodyBytes}" : null)
        ?? (MaxDepositBodyBytes is < 256 or > 1024 * 1024 ? $"{nameof(ApiLimitsOptions)}:{nameof(MaxDepositBodyBytes)} must be 256 bytes to 1 MiB, got {MaxDepositBodyBytes}" : null);
}
