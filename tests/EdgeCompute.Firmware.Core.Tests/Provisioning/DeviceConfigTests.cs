using EdgeCompute.Firmware.Core.Provisioning;

namespace EdgeCompute.Firmware.Core.Tests.Provisioning;

public sealed class DeviceConfigTests
{
    private const string KeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    private static string Valid(string? without = null, string extra = "")
    {
        var lines = new[]
        {
            "# written by edgecompute provision",
            "deviceId=dev-0001",
            "ownerId=alice",
            "gatewayId=gw-01",
            "key=" + KeyHex,
            "gatewayHost=192.168.1.20",
            "gatewayPort=1884",
            "wifiSsid=home net",
            "wifiPassword= p@ss=word ",
        };
        return string.Join("\r\n", lines.Where(l => without == null || !l.StartsWith(without + "=", StringComparison.Ordinal))) + "\n" + extra;
    }

    [Fact]
    public void Parses_every_key_and_keeps_wifi_secrets_verbatim()
    {
        var config = DeviceConfig.Parse(Valid());
        Assert.Equal("dev-0001", config.DeviceId);
        Assert.Equal("alice", config.OwnerId);
        Assert.Equal("gw-01", config.GatewayId);
        Assert.Equal(Convert.FromHexString(KeyHex), config.Key);
        Assert.Equal("192.168.1.20", config.GatewayHost);
        Assert.Equal(1884, config.GatewayPort);
        Assert.Equal("home net", config.WifiSsid);
        Assert.Equal(" p@ss=word ", config.WifiPassword);
    }

    [Fact]
    public void Round_trips_through_its_own_text()
    {
        var config = DeviceConfig.Parse(Valid());
        var again = DeviceConfig.Parse(config.ToText());
        Assert.Equal(config.ToText(), again.ToText());
        Assert.Equal(config.WifiPassword, again.WifiPassword);
    }

    [Fact]
    public void Wifi_settings_are_optional()
    {
        var config = DeviceConfig.Parse(Valid("wifiSsid").Replace("wifiPassword= p@ss=word \n", string.Empty, StringComparison.Ordinal));
        Assert.Equal(string.Empty, config.WifiSsid);
    }

    [Theory]
    [InlineData("deviceId")]
    [InlineData("ownerId")]
    [InlineData("gatewayId")]
    [InlineData("key")]
    [InlineData("gatewayHost")]
    [InlineData("gatewayPort")]
    public void Names_a_missing_key(string key)
    {
        var error = Assert.Throws<FormatException>(() => DeviceConfig.Parse(Valid(key)));
        Assert.Contains("'" + key + "': missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deviceId", "deviceId=Dev 1")]
    [InlineData("key", "key=abcd")]
    [InlineData("key", "key=" + "zz" + "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")]
    [InlineData("gatewayPort", "gatewayPort=70000")]
    [InlineData("gatewayPort", "gatewayPort=18a4")]
    [InlineData("gatewayHost", "gatewayHost=")]
    public void Names_an_invalid_key(string key, string line)
    {
        var error = Assert.Throws<FormatException>(() => DeviceConfig.Parse(Valid(key, line)));
        Assert.Contains("'" + key + "'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_unknown_repeated_and_malformed_lines()
    {
        Assert.Contains("unknown key 'colour'", Assert.Throws<FormatException>(() => DeviceConfig.Parse(Valid(extra: "colour=red"))).Message, StringComparison.Ordinal);
        Assert.Contains("given twice", Assert.Throws<FormatException>(() => DeviceConfig.Parse(Valid(extra: "ownerId=bob"))).Message, StringComparison.Ordinal);
        Assert.Contains("line 10: expected key=value", Assert.Throws<FormatException>(() => DeviceConfig.Parse(Valid(extra: "just text"))).Message, StringComparison.Ordinal);
    }
}
