namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>The outcome of <see cref="JobSpecValidator.Validate"/>.</summary>
/// <param name="IsValid">True when the spec can be planned.</param>
/// <param name="Field">The offending field as named in JSON (e.g. <c>chunkSize</c>, <c>inputs[3]</c>), or null.</param>
/// <param name="Message">Why it is refused, for people; null when valid.</param>
public sealed record JobSpecCheck(bool IsValid, string? Field, string? Message)
{
    /// <summary>A valid spec.</summary>
    public static JobSpecCheck Ok { get; } = new(true, null, null);

    /// <summary>A refused spec.</summary>
    /// <param name="field">The offending field.</param>
    /// <param name="message">Why.</param>
    /// <returns>The failed check.</returns>
    public static JobSpecCheck Fail(string field, string message) => new(false, field, message);

    /// <inheritdoc/>
    public override string ToString() => IsValid ? "valid" : $"{Field}: {Message}";
}
