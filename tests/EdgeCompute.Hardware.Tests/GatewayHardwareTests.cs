using System.Text.RegularExpressions;
using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Gateway.Sensors.Bh1750;
using EdgeCompute.Gateway.Sensors.Bme280;
using EdgeCompute.Gateway.Sensors.Sht4x;

namespace EdgeCompute.Hardware.Tests;

/// <summary>The Pi gateway: its pin map against the gateway's own sensor defaults, config.txt, the READMEs and install.sh.</summary>
public sealed partial class GatewayHardwareTests
{
    private const string Board = "hardware/pi-gateway";

    private static System.Text.Json.JsonElement PinMap => RepositoryFiles.ReadJson(Board + "/pins.json");

    [Fact]
    public void Pin_map_BME280_bus_and_address_are_the_gateway_sensor_defaults()
    {
        var defaults = new SensorDefinition();
        Assert.Equal(defaults.I2cBusId, PinMap.GetProperty("i2c").GetProperty("bus").GetInt32());
        Assert.Equal(Bme280Sensor.DefaultI2cAddress, NodePinMapTests.ParseAddress(PinMap.GetProperty("bme280").GetProperty("address").GetString()!));
        Assert.Equal(Bme280Sensor.DefaultI2cAddress, SensorDefinition.DefaultI2cAddress(SensorDriverNames.Bme280));
    }

    [Fact]
    public void Pin_map_SHT40_and_BH1750_addresses_are_the_gateway_sensor_defaults_and_the_wired_address_pin()
    {
        Assert.Equal(Sht4xSensor.DefaultI2cAddress, NodePinMapTests.ParseAddress(PinMap.GetProperty("sht4x").GetProperty("address").GetString()!));
        Assert.Equal(Sht4xSensor.DefaultI2cAddress, SensorDefinition.DefaultI2cAddress(SensorDriverNames.Sht4x));
        var bh1750 = PinMap.GetProperty("bh1750");
        Assert.Equal(Bh1750Sensor.DefaultI2cAddress, NodePinMapTests.ParseAddress(bh1750.GetProperty("address").GetString()!));
        Assert.Equal(Bh1750Sensor.DefaultI2cAddress, SensorDefinition.DefaultI2cAddress(SensorDriverNames.Bh1750));
        Assert.Contains(NodePinMapTests.Wires(PinMap), w => w.Part == "BH1750" && w.PartPin == "ADDR" && w.Board == bh1750.GetProperty("addr").GetString());

        // Every I2C part's data and clock lines go to the one I2C1 bus of the pin map.
        var i2c = PinMap.GetProperty("i2c");
        foreach (var part in new[] { "BME280", "SHT40", "BH1750" })
        {
            Assert.Contains(NodePinMapTests.Wires(PinMap), w => w.Part == part && w.Signal.StartsWith("I2C1 SDA", StringComparison.Ordinal) && w.HeaderPin == i2c.GetProperty("sdaHeaderPin").GetInt32());
            Assert.Contains(NodePinMapTests.Wires(PinMap), w => w.Part == part && w.Signal.StartsWith("I2C1 SCL", StringComparison.Ordinal) && w.HeaderPin == i2c.GetProperty("sclHeaderPin").GetInt32());
        }
    }

    [Fact]
    public void Pin_map_uses_the_Pi_header_pins_of_I2C1_and_the_w1_gpio_default()
    {
        var i2c = PinMap.GetProperty("i2c");

        // Raspberry Pi 40-pin header: GPIO2 (SDA1) is pin 3, GPIO3 (SCL1) pin 5, GPIO4 pin 7.
        Assert.Equal((2, 3), (i2c.GetProperty("sdaGpio").GetInt32(), i2c.GetProperty("sdaHeaderPin").GetInt32()));
        Assert.Equal((3, 5), (i2c.GetProperty("sclGpio").GetInt32(), i2c.GetProperty("sclHeaderPin").GetInt32()));
        var oneWire = PinMap.GetProperty("oneWire");
        Assert.Equal(HeaderPinOf(oneWire.GetProperty("gpio").GetInt32()), oneWire.GetProperty("headerPin").GetInt32());
        foreach (var wire in NodePinMapTests.Wires(PinMap))
        {
            Assert.NotNull(wire.HeaderPin);
            var gpio = Regex.Match(wire.Board, @"^GPIO(\d+)");
            if (gpio.Success)
            {
                Assert.Equal(HeaderPinOf(int.Parse(gpio.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)), wire.HeaderPin);
            }
            else
            {
                Assert.Contains(wire.HeaderPin!.Value, wire.Board == "3V3" ? [1, 17] : new[] { 6, 9, 14, 20, 25, 30, 34, 39 });
            }
        }
    }

    [Fact]
    public void Config_txt_enables_I2C_and_1Wire_on_the_mapped_gpio()
    {
        var lines = RepositoryFiles.Read(Board + "/config.txt").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.Contains("dtparam=i2c_arm=on", lines);
        Assert.Contains("dtoverlay=w1-gpio,gpiopin=" + PinMap.GetProperty("oneWire").GetProperty("gpio").GetInt32(), lines);
    }

    [Fact]
    public void Gateway_README_wiring_table_has_exactly_the_pin_map_wires()
    {
        var rows = RepositoryFiles.MarkdownTableRows(RepositoryFiles.Read(Board + "/README.md"))
            .Where(r => r.Length == 5 && r[0] is "BME280" or "DS18B20" or "SHT40" or "BH1750").Select(r => string.Join(" | ", r)).ToList();
        var expected = NodePinMapTests.Wires(PinMap).Select(w => $"{w.Part} | {w.PartPin} | {w.Board} | {w.HeaderPin} | {w.Signal}").ToList();
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void Gateway_sensor_READMEs_wire_the_same_header_pins()
    {
        var bme = RepositoryFiles.MarkdownTableRows(RepositoryFiles.Read("gateway/EdgeCompute.Gateway/Sensors/Bme280/README.md"));
        Assert.Contains(bme, r => r.Length == 3 && r[0] == "SDA" && r[1].Contains("GPIO2", StringComparison.Ordinal) && r[2] == "3");
        Assert.Contains(bme, r => r.Length == 3 && r[0] == "SCL" && r[1].Contains("GPIO3", StringComparison.Ordinal) && r[2] == "5");
        var ds = RepositoryFiles.MarkdownTableRows(RepositoryFiles.Read("gateway/EdgeCompute.Gateway/Sensors/Ds18b20/README.md"));
        Assert.Contains(ds, r => r.Length == 3 && r[0].StartsWith("DQ", StringComparison.Ordinal) && r[1] == "GPIO" + PinMap.GetProperty("oneWire").GetProperty("gpio").GetInt32() && r[2] == PinMap.GetProperty("oneWire").GetProperty("headerPin").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Install_commands_in_the_gateway_README_use_options_install_sh_accepts()
    {
        var script = RepositoryFiles.Read("gateway/deploy/install.sh");
        var readme = RepositoryFiles.Read(Board + "/README.md");
        var commands = InstallCommand().Matches(readme).Select(m => m.Value).ToList();
        Assert.NotEmpty(commands);
        foreach (var option in commands.SelectMany(c => Option().Matches(c).Select(m => m.Value)).Distinct())
        {
            Assert.Contains("    " + option + ")", script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Sensor_configuration_in_the_gateway_README_names_the_mapped_bus_and_address()
    {
        var readme = RepositoryFiles.Read(Board + "/README.md");
        var address = PinMap.GetProperty("bme280").GetProperty("address").GetString()!;
        Assert.Contains($"\"Driver\": \"bme280\", \"I2cBusId\": {PinMap.GetProperty("i2c").GetProperty("bus").GetInt32()}, \"I2cAddress\": \"{address}\"", readme, StringComparison.Ordinal);
        Assert.Contains("\"Driver\": \"ds18b20\"", readme, StringComparison.Ordinal);
        Assert.Contains($"\"Driver\": \"sht4x\", \"I2cBusId\": 1, \"I2cAddress\": \"{PinMap.GetProperty("sht4x").GetProperty("address").GetString()}\"", readme, StringComparison.Ordinal);
        Assert.Contains($"\"Driver\": \"bh1750\", \"I2cBusId\": 1, \"I2cAddress\": \"{PinMap.GetProperty("bh1750").GetProperty("address").GetString()}\"", readme, StringComparison.Ordinal);
    }

    // BCM GPIO number to physical pin on the 40-pin header (the pins used here and their neighbours).
    private static int HeaderPinOf(int gpio) => gpio switch
    {
        2 => 3,
        3 => 5,
        4 => 7,
        17 => 11,
        27 => 13,
        22 => 15,
        _ => throw new ArgumentOutOfRangeException(nameof(gpio), gpio, "add the pin to the table"),
    };

    [GeneratedRegex(@"gateway/deploy/install\.sh[^\n`]*")]
    private static partial Regex InstallCommand();

    [GeneratedRegex(@"--[a-z][a-z-]+")]
    private static partial Regex Option();
}
