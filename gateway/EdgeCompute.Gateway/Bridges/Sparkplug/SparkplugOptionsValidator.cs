using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Bridges.Sparkplug;

/// <summary>Checks <see cref="SparkplugOptions"/> at start; every message names its setting. Nothing is checked while the edge node is off.</summary>
public sealed partial class SparkplugOptionsValidator : IValidateOptions<SparkplugOptions>
{
    private const string Section = nameof(SparkplugOptions);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SparkplugOptions options)
    {
        var problems = Check(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Lists what is wrong with <paramref name="options"/>; empty when they are valid or the edge node is off.</summary>
    /// <param name="options">The options.</param>
    /// <returns>One message per problem.</returns>
    public static IReadOnlyList<string> Check(SparkplugOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (!options.Enabled)
        {
            return problems;
        }

        BridgeBrokerOptionsValidator.Check($"{Section}:Broker", options.Broker, problems);

        // Sparkplug ids are topic levels: no '/', '+' or '#' (specification, chapter 4).
        if (!Id().IsMatch(options.GroupId ?? string.Empty))
        {
            problems.Add($"{Section}:GroupId must be 1 to 64 characters of [A-Za-z0-9_.-], found \"{options.GroupId}\"");
        }

        if (!string.IsNullOrEmpty(options.EdgeNodeId) && !Id().IsMatch(options.EdgeNodeId))
        {
            problems.Add($"{Section}:EdgeNodeId must be empty (the gateway id) or 1 to 64 characters of [A-Za-z0-9_.-], found \"{options.EdgeNodeId}\"");
        }

        return problems;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex Id();
}
