using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>Checks <see cref="EdgeTaskOptions"/> (the pool's limits and its default task limits); each failure names its setting. <see cref="EdgeTaskPool"/> runs it.</summary>
public sealed class EdgeTaskOptionsValidator : IValidateOptions<EdgeTaskOptions>
{
    private const string Section = nameof(EdgeTaskOptions);

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, EdgeTaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.MaxConcurrency < 1)
        {
            problems.Add($"{Section}.{nameof(options.MaxConcurrency)} must be at least 1, found {options.MaxConcurrency}");
        }

        if (options.QueueCapacity < 1)
        {
            problems.Add($"{Section}.{nameof(options.QueueCapacity)} must be at least 1, found {options.QueueCapacity}");
        }

        if (options.ModuleCacheCapacity < 1)
        {
            problems.Add($"{Section}.{nameof(options.ModuleCacheCapacity)} must be at least 1, found {options.ModuleCacheCapacity}");
        }

        if (options.MaxModuleBytes < 8)
        {
            problems.Add($"{Section}.{nameof(options.MaxModuleBytes)} must be at least 8 bytes, found {options.MaxModuleBytes}");
        }

        if (options.EpochTick < TimeSpan.FromMilliseconds(1) || options.EpochTick > TimeSpan.FromSeconds(1))
        {
            problems.Add($"{Section}.{nameof(options.EpochTick)} must be between 1 ms and 1 s, found {options.EpochTick}");
        }

        if (options.DefaultLimits is null)
        {
            problems.Add($"{Section}.{nameof(options.DefaultLimits)} is required");
        }
        else if (options.DefaultLimits.Check() is { } problem)
        {
            problems.Add($"{Section}.{nameof(options.DefaultLimits)}: {problem}");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
