using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.LocalStore;

/// <summary>Checks <see cref="LocalStoreOptions"/> (file, retention, byte bound); each failure names its setting. <see cref="LocalWindowStore"/> runs it.</summary>
public sealed class LocalStoreOptionsValidator : IValidateOptions<LocalStoreOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, LocalStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            problems.Add($"{nameof(LocalStoreOptions)}.{nameof(options.DatabasePath)} is required (the SQLite file of the local telemetry store)");
        }

        if (options.Retention <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(LocalStoreOptions)}.{nameof(options.Retention)} must be positive, found {options.Retention}");
        }

        if (options.MaxBytes < LocalStoreOptions.MinimumMaxBytes)
        {
            problems.Add($"{nameof(LocalStoreOptions)}.{nameof(options.MaxBytes)} must be at least {LocalStoreOptions.MinimumMaxBytes} bytes, found {options.MaxBytes}");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
