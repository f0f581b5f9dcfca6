namespace EdgeCompute.Cli.Tests.Support;

/// <summary>Provisions a fleet through the command, as a user would.</summary>
internal static class TestFleet
{
    public static async Task<string> ProvisionAsync(TempFolder folder, int devices = 4, int gateways = 2, params string[] extra)
    {
        var path = folder["fleet"];
        var outcome = await CliRunner.RunAsync(
            ["provision", "fleet", "--devices", devices.ToString(System.Globalization.CultureInfo.InvariantCulture), "--gateways", gateways.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", path, .. extra]);
        Assert.Equal(0, outcome.ExitCode);
        return path;
    }
}
