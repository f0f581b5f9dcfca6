namespace EdgeCompute.Coordinator.Domain.Epochs.Quality;

/// <summary>The outcome of <see cref="DataQualityOptions.Validate"/>.</summary>
/// <param name="IsValid">True when every setting is acceptable.</param>
/// <param name="Setting">The broken setting's name, or null.</param>
/// <param name="Reason">Why it is broken, or null.</param>
public sealed record DataQualityValidation(bool IsValid, string? Setting, string? Reason)
{
    /// <summary>Valid options.</summary>
    public static DataQualityValidation Success { get; } = new(true, null, null);

    /// <summary>Invalid options.</summary>
    /// <param name="setting">The setting's name.</param>
    /// <param name="reason">Why it is broken.</param>
    /// <returns>The failed validation.</returns>
    public static DataQualityValidation Fail(string setting, string reason) => new(false, setting, reason);

    /// <inheritdoc />
    public override string ToString() => IsValid ? "valid" : $"DataQualityOptions.{Setting}: {Reason}";
}
