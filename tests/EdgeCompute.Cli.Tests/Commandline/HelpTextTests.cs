using System.Text.RegularExpressions;
using EdgeCompute.Cli.Tests.Support;

namespace EdgeCompute.Cli.Tests.Commandline;

/// <summary>What <c>--help</c> says: every command group in the root's description, defaults written the way the options take them, each once.</summary>
public sealed class HelpTextTests
{
    [Fact]
    public async Task The_root_description_names_the_command_groups_a_new_user_needs()
    {
        var outcome = await CliRunner.RunAsync("--help");

        var description = outcome.Out[..outcome.Out.IndexOf("Usage:", StringComparison.Ordinal)];
        foreach (var word in new[] { "demo", "provision", "coordinator", "gateways", "simulated devices", "jobs", "epochs", "telemetry", "ledger" })
        {
            Assert.Contains(word, description, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("coordinator")]
    [InlineData("ledger", "deposit")]
    public async Task Durations_show_their_default_as_the_option_takes_it(params string[] command)
    {
        var outcome = await CliRunner.RunAsync([.. command, "--help"]);

        Assert.Matches(@"--epoch-length <DURATION>\s+.*\[default: 1d\]", outcome.Out);
        Assert.DoesNotContain("1.00:00:00", outcome.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jobs")]
    [InlineData("epochs")]
    [InlineData("submit", "primes")]
    public async Task The_api_default_is_shown_once(params string[] command)
    {
        var outcome = await CliRunner.RunAsync([.. command, "--help"]);

        Assert.Single(Regex.Matches(outcome.Out, Regex.Escape("[default: http://127.0.0.1:8080]")));
    }

    [Fact]
    public async Task Every_command_offers_verbose()
    {
        var outcome = await CliRunner.RunAsync("gateway", "--help");

        Assert.Contains("--verbose", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_data_default_is_outside_the_fleet_folder()
    {
        var outcome = await CliRunner.RunAsync("gateway", "--help");

        Assert.Contains("[default: ./edgecompute-gateway/<id>]", outcome.Out, StringComparison.Ordinal);
    }
}
