using System.CommandLine;
using EdgeCompute.Cli.Endpoints;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Api;

/// <summary>The <c>--api URL</c>, <c>--ca FILE</c> and <c>--token T</c> options of the API's client commands.</summary>
internal static class ApiOptions
{
    /// <summary>The environment variable read when <c>--token</c> is not given (keeps the token out of shell history).</summary>
    public const string TokenVariable = "EDGECOMPUTE_API_TOKEN";

    /// <summary>Creates <c>--api</c>, default <c>http://127.0.0.1:8080</c>.</summary>
    /// <returns>The option.</returns>
    public static Option<Endpoint> Api()
    {
        var option = EndpointOption.Create("--api", EndpointRule.CoordinatorHttp, "The coordinator's HTTP API.");
        option.DefaultValueFactory = _ => new Endpoint("http", "127.0.0.1", 8080);
        return option;
    }

    /// <summary>Creates <c>--ca FILE</c>: the CA an <c>https://</c> API's certificate must chain to.</summary>
    /// <returns>The option.</returns>
    public static Option<FileInfo> Ca() => Tls.TlsFileOptions.Ca("the coordinator's API (--api)", "--api https://");

    /// <summary>Parses an API address read from a file (an owner's file) with the rules of <c>--api</c>.</summary>
    /// <param name="address">The address.</param>
    /// <param name="source">Where it came from, for the message.</param>
    /// <returns>The endpoint.</returns>
    public static Endpoint Parse(Uri address, string source) =>
        Endpoint.TryParse(address?.ToString().TrimEnd('/'), EndpointRule.CoordinatorHttp, out var endpoint, out var problem)
            ? endpoint
            : throw CommandFailedException.Configuration($"{source}: the API address {address}: {problem}");

    /// <summary>
    /// <c>--max-price N</c> (older name <c>--fee</c>): the most the submitter will pay, micro-units; without it no ceiling.
    /// The job's quote is escrowed, and what it does not cost is refunded when it ends.
    /// </summary>
    /// <returns>The option.</returns>
    public static Option<long?> MaxPrice()
    {
        var option = new Option<long?>("--max-price", "--fee")
        {
            Description = "The most you will pay, micro-units: a job that may cost more is refused. Its quote (every task's budget on every replica, plus storage; " +
                "GET /api/pricing) is escrowed, and what the work did not cost is refunded when it ends. [default: no ceiling]",
            HelpName = "N",
        };
        option.Validators.Add(r =>
        {
            if (OptionRanges.TryGetValue(r, out long? value) && value is <= 0)
            {
                r.AddError($"--max-price must be positive, found {value}");
            }
        });
        return option;
    }

    /// <summary>
    /// <c>--deadline DURATION</c> (<c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c>): how long the job may run before its
    /// undecided tasks fail; without it the coordinator's default (one hour). 10 s to 7 days.
    /// </summary>
    /// <returns>The option.</returns>
    public static Option<TimeSpan?> Deadline() => new("--deadline")
    {
        Description = "How long the job may run (90s, 30m, 2h, 1d; 10s to 7d): past it, tasks not verified fail and the job ends, charged for what was verified. " +
            "[default: the coordinator's, 1h]",
        HelpName = "DURATION",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!Coordinator.Durations.TryParse(text, out var value))
            {
                result.AddError($"--deadline: \"{text}\" is not a duration; expected a number with s, m, h or d (90s, 30m, 2h, 1d)");
                return null;
            }

            if (value < TimeSpan.FromSeconds(EdgeCompute.Coordinator.Domain.Jobs.JobLimits.MinDeadlineSeconds) ||
                value > TimeSpan.FromSeconds(EdgeCompute.Coordinator.Domain.Jobs.JobLimits.MaxDeadlineSeconds))
            {
                result.AddError($"--deadline must be 10s to 7d, found {text}");
            }

            return value;
        },
    };

    /// <summary>The spec with <paramref name="deadline"/> as its <c>deadlineSeconds</c> (unchanged when null).</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="deadline">The parsed <see cref="Deadline"/>.</param>
    /// <returns>The spec.</returns>
    public static EdgeCompute.Coordinator.Domain.Jobs.JobSpec WithDeadline(EdgeCompute.Coordinator.Domain.Jobs.JobSpec spec, TimeSpan? deadline) =>
        deadline is { } d ? spec with { DeadlineSeconds = (long)Math.Ceiling(d.TotalSeconds) } : spec;

    /// <summary>Creates <c>--token</c>.</summary>
    /// <param name="what">What the token is needed for.</param>
    /// <returns>The option.</returns>
    public static Option<string> Token(string what) =>
        new("--token") { Description = $"An owner's API token ({what}); else {TokenVariable}.", HelpName = "T" };

    /// <summary>Reads the token: the option, else the environment; null when neither.</summary>
    /// <param name="parsed">The parse result.</param>
    /// <param name="token">The option.</param>
    /// <param name="context">The process context.</param>
    /// <returns>The token or null.</returns>
    public static string? ReadToken(ParseResult parsed, Option<string> token, CliContext context) =>
        parsed.GetValue(token) is { Length: > 0 } given ? given : context.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } env ? env : null;

    /// <summary>Reads the token, which the command cannot do without.</summary>
    /// <param name="parsed">The parse result.</param>
    /// <param name="token">The option.</param>
    /// <param name="context">The process context.</param>
    /// <returns>The token.</returns>
    public static string RequireToken(ParseResult parsed, Option<string> token, CliContext context) =>
        ReadToken(parsed, token, context) ?? throw CommandFailedException.Usage($"--token: an owner's API token is needed (the owner's apiToken in coordinator.json); or set {TokenVariable}");
}
