namespace EdgeCompute.Coordinator.Domain.Epochs;

/// <summary>The outcome of <see cref="EpochPolicy.Validate"/>.</summary>
/// <param name="IsValid">True when every setting is acceptable.</param>
/// <param name="Setting">The broken setting's name, or null.</param>
/// <param name="Reason">Why it is broken, or null.</param>
public sealed record EpochPolicyValidation(bool IsValid, string? Setting, string? Reason)
{
    /// <summary>A valid policy.</summary>
    public static EpochPolicyValidation Success { get; } = new(true, null, null);

    /// <summary>An invalid policy.</summary>
    /// <param name="setting">The setting's name.</param>
    /// <param name="reason">Why it is broken.</param>
    /// <returns>The failed validation.</returns>
    public static EpochPolicyValidation Fail(string setting, string reason) => new(false, setting, reason);

    /// <inheritdoc />
    public override string ToString() => IsValid ? "valid" : $"EpochPolicy.{Setting}: {Reason}";
}
