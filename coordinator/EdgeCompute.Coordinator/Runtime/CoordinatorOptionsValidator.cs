using EdgeCompute.Coordinator.Broker;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Coordinator.Runtime;

/// <summary>
/// Checks <see cref="CoordinatorOptions"/> and the settings inside it (the embedded or the external broker, the epoch policy,
/// the work options, the intervals). Each failure names its setting as a configuration key, so a service registers it with
/// <c>ValidateOnStart</c> and a broken setting stops the host at once; <see cref="CoordinatorNode"/> runs it too.
/// </summary>
/// <param name="prefix">Put before each setting's name, such as <c>CoordinatorOptions:</c>; empty by default.</param>
public sealed class CoordinatorOptionsValidator(string prefix = "") : IValidateOptions<CoordinatorOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, CoordinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.PostgresConnectionString is null && string.IsNullOrWhiteSpace(options.DataFolder))
        {
            problems.Add($"{prefix}{nameof(options.DataFolder)} must name a folder when no {prefix}{nameof(options.PostgresConnectionString)} is given");
        }

        if (options.ExternalBroker is { } external)
        {
            Add(problems, new ExternalBrokerOptionsValidator($"{prefix}{nameof(options.ExternalBroker)}:").Validate(name, external));
        }
        else
        {
            Add(problems, new CentralBrokerOptionsValidator($"{prefix}{nameof(options.Broker)}:").Validate(name, options.Broker));
        }

        if (options.Epochs.Validate() is { IsValid: false } epochs)
        {
            problems.Add($"{prefix}{nameof(options.Epochs)}:{epochs.Setting}: {epochs.Reason}");
        }

        if (options.Work.Validate() is { } work)
        {
            problems.Add($"{prefix}{nameof(options.Work)}:{work}");
        }

        if (options.Nodes.Validate() is { } nodes)
        {
            problems.Add($"{prefix}{nameof(options.Nodes)}:{nodes}");
        }

        if (options.Blobs.Validate() is { } blobs)
        {
            problems.Add($"{prefix}{nameof(options.Blobs)}:{blobs}");
        }

        if (options.PumpInterval <= TimeSpan.Zero)
        {
            problems.Add($"{prefix}{nameof(options.PumpInterval)} must be positive");
        }

        if (options.LedgerAuditInterval <= TimeSpan.Zero)
        {
            problems.Add($"{prefix}{nameof(options.LedgerAuditInterval)} must be positive");
        }

        if (options.EpochCheckInterval <= TimeSpan.Zero)
        {
            problems.Add($"{prefix}{nameof(options.EpochCheckInterval)} must be positive");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Add(List<string> problems, ValidateOptionsResult result)
    {
        if (result.Failed)
        {
            problems.AddRange(result.Failures ?? [result.FailureMessage]);
        }
    }
}
