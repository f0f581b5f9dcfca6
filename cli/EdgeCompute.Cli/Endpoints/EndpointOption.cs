using System.CommandLine;

namespace EdgeCompute.Cli.Endpoints;

/// <summary>Makes options whose value is an <see cref="Endpoint"/>; a bad value is a parse error naming the option.</summary>
internal static class EndpointOption
{
    /// <summary>Creates the option.</summary>
    /// <param name="name">The option's name, such as <c>--broker</c>.</param>
    /// <param name="rule">What it accepts.</param>
    /// <param name="description">The help text.</param>
    /// <param name="required">Whether it must be given.</param>
    /// <returns>The option.</returns>
    public static Option<Endpoint> Create(string name, EndpointRule rule, string description, bool required = false) => new(name)
    {
        Description = description,
        HelpName = rule.HelpName,
        Required = required,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (Endpoint.TryParse(text, rule, out var endpoint, out var problem))
            {
                return endpoint;
            }

            result.AddError($"{name}: {problem}");
            return null;
        },
    };
}
