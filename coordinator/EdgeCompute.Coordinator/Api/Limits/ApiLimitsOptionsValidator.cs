using Microsoft.Extensions.Options;

namespace EdgeCompute.Coordinator.Api.Limits;

/// <summary>Refuses <see cref="ApiLimitsOptions"/> out of range at start, naming the setting.</summary>
public sealed class ApiLimitsOptionsValidator : IValidateOptions<ApiLimitsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ApiLimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
