namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>The outcome of reading a job spec or result from JSON.</summary>
/// <typeparam name="T">What was read.</typeparam>
/// <param name="Value">The value when <see cref="IsSuccess"/>; null otherwise.</param>
/// <param name="Error">Why the JSON was refused (names the field or position where it can); null on success.</param>
public sealed record JobJsonResult<T>(T? Value, string? Error)
    where T : class
{
    /// <summary>Whether the JSON was read.</summary>
    public bool IsSuccess => Value is not null && Error is null;

    /// <summary>A value read.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The successful outcome.</returns>
    public static JobJsonResult<T> Success(T value) => new(value, null);

    /// <summary>Refused JSON.</summary>
    /// <param name="error">Why.</param>
    /// <returns>The failed outcome.</returns>
    public static JobJsonResult<T> Fail(string error) => new(null, error);
}
