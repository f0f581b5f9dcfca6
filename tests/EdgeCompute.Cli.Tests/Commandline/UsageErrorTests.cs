using EdgeCompute.Cli.Tests.Support;

namespace EdgeCompute.Cli.Tests.Commandline;

public sealed class UsageErrorTests
{
    [Theory]
    [InlineData("--devices", "provision", "fleet", "--gateways", "1", "--out", "x")]
    [InlineData("--devices", "provision", "fleet", "--devices", "-1", "--gateways", "1", "--out", "x")]
    [InlineData("--devices", "provision", "fleet", "--devices", "many", "--gateways", "1", "--out", "x")]
    [InlineData("--gateways", "provision", "fleet", "--devices", "2", "--gateways", "0", "--out", "x")]
    [InlineData("--colour", "provision", "fleet", "--devices", "2", "--gateways", "1", "--out", "x", "--colour")]
    [InlineData("--broker", "gateway", "--fleet", "f", "--id", "gw-01", "--broker", "localhost:1883")]
    [InlineData("--broker", "gateway", "--fleet", "f", "--id", "gw-01", "--broker", "http://localhost:1883")]
    [InlineData("--broker", "gateway", "--fleet", "f", "--id", "gw-01", "--broker", "mqtt://user:secret@localhost:1883")]
    [InlineData("--broker", "gateway", "--fleet", "f", "--id", "gw-01")]
    [InlineData("--listen", "gateway", "--fleet", "f", "--id", "gw-01", "--broker", "mqtt://127.0.0.1", "--listen", "mqtt://localhost:1884")]
    [InlineData("--broker", "simulate", "--fleet", "f", "--broker", "https://127.0.0.1:1884")]
    [InlineData("--rate", "simulate", "--fleet", "f", "--broker", "mqtt://127.0.0.1:1884", "--rate", "0")]
    [InlineData("--devices", "simulate", "--fleet", "f", "--broker", "mqtt://127.0.0.1:1884", "--devices", "0")]
    [InlineData("--duration", "simulate", "--fleet", "f", "--broker", "mqtt://127.0.0.1:1884", "--duration", "-5")]
    [InlineData("--cheaters", "simulate", "--fleet", "f", "--broker", "mqtt://127.0.0.1:1884", "--cheaters", "1.5")]
    [InlineData("--log-format", "epochs", "--log-format", "xml")]
    [InlineData("--wifi-ssid", "provision", "device", "--fleet", "f", "--id", "dev-0001", "--gateway-host", "h", "--out", "o")]
    public async Task A_bad_command_line_exits_with_2_and_names_the_option(string option, params string[] args)
    {
        var outcome = await CliRunner.RunAsync(args);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(option, outcome.Error, StringComparison.Ordinal);
        Assert.Contains("--help", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--devices", "--devices: \"abc\" is not a whole number", "simulate", "--fleet", "f", "--broker", "mqtt://127.0.0.1:1884", "--devices", "abc")]
    [InlineData("--rate", "--rate: \"fast\" is not a number", "simulate", "--fleet", "f", "--broker", "mqtt://127.0.0.1:1884", "--rate", "fast")]
    [InlineData("EPOCH", "EPOCH: \"abc\" is not a whole number", "ledger", "statement", "abc")]
    [InlineData("ID", "ID: \"last\" is not a whole number", "epochs", "last")]
    [InlineData("--amount", "--amount: 99999999999999999999 is out of range", "ledger", "deposit", "--fleet", "f", "--owner", "o", "--reference", "r", "--amount", "99999999999999999999")]
    [InlineData("--broker", "has port 99999; a port is 1 to 65535", "simulate", "--fleet", "f", "--broker", "mqtt://127.0.0.1:99999")]
    public async Task A_value_that_does_not_parse_says_what_is_expected_without_a_type_name(string option, string said, params string[] args)
    {
        var outcome = await CliRunner.RunAsync(args);

        Assert.Equal(2, outcome.ExitCode);
        var error = Assert.Single(outcome.Error.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.Contains(said, error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_command_is_a_usage_error()
    {
        var outcome = await CliRunner.RunAsync();

        Assert.Equal(2, outcome.ExitCode);
    }

    [Fact]
    public async Task Help_lists_every_command_group()
    {
        var outcome = await CliRunner.RunAsync("--help");

        Assert.Equal(0, outcome.ExitCode);
        foreach (var command in new[] { "provision", "gateway", "simulate" })
        {
            Assert.Contains(command, outcome.Out, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("fleet", "provision", "--help")]
    [InlineData("EDGECOMPUTE_WIFI_PASSWORD", "provision", "device", "--help")]
    [InlineData("--coordinator-password-file", "provision", "mosquitto", "--help")]
    [InlineData("mqtt://HOST:PORT", "gateway", "--help")]
    [InlineData("--json", "simulate", "--help")]
    public async Task Every_command_has_help(string expected, params string[] args)
    {
        var outcome = await CliRunner.RunAsync(args);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains(expected, outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        var outcome = await CliRunner.RunAsync("--version");

        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("0.1.0", outcome.Out, StringComparison.Ordinal);
    }
}
