namespace EdgeCompute.Coordinator.Api.Limits;

/// <summary>A token bucket: <see cref="Burst"/> requests at once, refilled by <see cref="Permits"/> every <see cref="Period"/>.</summary>
public sealed class ApiRateLimit
{
    /// <summary>Gets or sets the requests that may arrive at once (the bucket's size).</summary>
    public int Burst { get; set; }

    /// <summary>Gets or sets the requests added back to the bucket every <see cref="Period"/>.</summary>
    public int Permits { get; set; }

    /// <summary>Gets or sets the refill period.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Says what is wrong with the limit, or null.</summary>
    /// <param name="name">The setting's name, for the message.</param>
    /// <returns>The problem or null.</returns>
    public string? Problem(string name) =>
        Burst < 1 ? $"{name}:Burst must be at least 1, got {Burst}"
        : Permits < 1 || Permits > Burst ? $"{name}:Permits must be 1 to Burst ({Burst}), got {Permits}"
        : Period <= TimeSpan.Zero ? $"{name}:Period must be positive, got {Period}"
        : null;
}
