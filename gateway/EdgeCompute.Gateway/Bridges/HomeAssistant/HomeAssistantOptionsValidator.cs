using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Bridges.HomeAssistant;

/// <summary>Checks <see cref="HomeAssistantOptions"/> at start; every message names its setting. Nothing is checked while the bridge is off.</summary>
public sealed partial class HomeAssistantOptionsValidator : IValidateOptions<HomeAssistantOptions>
{
    private const string Section = nameof(HomeAssistantOptions);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HomeAssistantOptions options)
    {
        var problems = Check(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Lists what is wrong with <paramref name="options"/>; empty when they are valid or the bridge is off.</summary>
    /// <param name="options">The options.</param>
    /// <returns>One message per problem.</returns>
    public static IReadOnlyList<string> Check(HomeAssistantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (!options.Enabled)
        {
            return problems;
        }

        BridgeBrokerOptionsValidator.Check($"{Section}:Broker", options.Broker, problems);
        if (!TopicLevels().IsMatch(options.DiscoveryPrefix ?? string.Empty))
        {
            problems.Add($"{Section}:DiscoveryPrefix must be topic levels of [A-Za-z0-9_-] separated by '/', found \"{options.DiscoveryPrefix}\"");
        }

        if (!TopicLevels().IsMatch(options.TopicPrefix ?? string.Empty))
        {
            problems.Add($"{Section}:TopicPrefix must be topic levels of [A-Za-z0-9_-] separated by '/', found \"{options.TopicPrefix}\"");
        }

        return problems;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}(/[A-Za-z0-9_-]{1,64}){0,4}$")]
    private static partial Regex TopicLevels();
}
