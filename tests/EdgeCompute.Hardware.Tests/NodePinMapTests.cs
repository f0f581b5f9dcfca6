using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EdgeCompute.Hardware.Tests;

/// <summary>The ESP32 node: the glue's pins, the pin map, the README's wiring table and the diagram agree.</summary>
public sealed partial class NodePinMapTests
{
    private const string Board = "hardware/esp32-bme280-node";

    private static JsonElement PinMap => RepositoryFiles.ReadJson(Board + "/pins.json");

    [Fact]
    public void Glue_pins_and_address_match_the_node_pin_map()
    {
        var pins = BoardPinConstants();
        var i2c = PinMap.GetProperty("i2c");
        Assert.Equal(i2c.GetProperty("bus").GetInt32(), pins["I2cBusId"]);
        Assert.Equal(i2c.GetProperty("sdaGpio").GetInt32(), pins["I2cDataGpio"]);
        Assert.Equal(i2c.GetProperty("sclGpio").GetInt32(), pins["I2cClockGpio"]);
        Assert.Equal(ParseAddress(PinMap.GetProperty("bme280").GetProperty("address").GetString()!), pins["Bme280Address"]);
    }

    [Fact]
    public void Pin_map_wires_the_bus_pins_and_the_address_strap_it_declares()
    {
        var i2c = PinMap.GetProperty("i2c");
        var wires = Wires(PinMap);
        Assert.Contains(wires, w => w.PartPin.StartsWith("SDI", StringComparison.Ordinal) && w.Board == "GPIO" + i2c.GetProperty("sdaGpio").GetInt32());
        Assert.Contains(wires, w => w.PartPin.StartsWith("SCK", StringComparison.Ordinal) && w.Board == "GPIO" + i2c.GetProperty("sclGpio").GetInt32());

        // BME280 datasheet (BST-BME280-DS002, 6.2): SDO to GND = 0x76, SDO to VDDIO = 0x77.
        var sdo = wires.Single(w => w.PartPin == "SDO").Board;
        var address = ParseAddress(PinMap.GetProperty("bme280").GetProperty("address").GetString()!);
        Assert.Equal(sdo == "GND" ? 0x76 : 0x77, address);
        Assert.Equal(sdo, PinMap.GetProperty("bme280").GetProperty("sdo").GetString());
    }

    [Fact]
    public void I2c_pins_are_ordinary_ESP32_input_output_pins()
    {
        foreach (var name in new[] { "sdaGpio", "sclGpio" })
        {
            var gpio = PinMap.GetProperty("i2c").GetProperty(name).GetInt32();

            // ESP32 datasheet: GPIO6-11 are wired to the module's SPI flash, GPIO34-39 are input-only, 20/24/28-31 do not exist.
            Assert.False(gpio is >= 6 and <= 11, $"{name} GPIO{gpio} is a flash pin");
            Assert.False(gpio is >= 34, $"{name} GPIO{gpio} is input-only or does not exist");
            Assert.False(gpio is 20 or 24 or (>= 28 and <= 31), $"{name} GPIO{gpio} does not exist on the ESP32");

            // ESP32-WROVER-E datasheet: GPIO16 and GPIO17 drive the module's PSRAM.
            Assert.False(gpio is 16 or 17, $"{name} GPIO{gpio} is taken by the WROVER module's PSRAM");
        }
    }

    [Fact]
    public void Node_README_wiring_table_has_exactly_the_pin_map_wires()
    {
        var rows = RepositoryFiles.MarkdownTableRows(RepositoryFiles.Read(Board + "/README.md"))
            .Where(r => r.Length == 3 && r[0] != "BME280 pin").Select(r => string.Join(" | ", r)).ToList();
        var expected = Wires(PinMap).Select(w => w.PartPin + " | " + w.Board + " | " + w.Signal).ToList();
        Assert.Equal(expected, rows.Where(r => expected.Contains(r) || LooksLikeWire(r)).ToList());
    }

    [Fact]
    public void Firmware_README_names_the_node_pins_and_address()
    {
        var readme = RepositoryFiles.Read("firmware/README.md");
        var i2c = PinMap.GetProperty("i2c");
        Assert.Contains("GPIO" + i2c.GetProperty("sdaGpio").GetInt32() + " (SDA)", readme, StringComparison.Ordinal);
        Assert.Contains("GPIO" + i2c.GetProperty("sclGpio").GetInt32() + " (SCL)", readme, StringComparison.Ordinal);
        Assert.Contains(PinMap.GetProperty("bme280").GetProperty("address").GetString()!, readme, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hardware/esp32-bme280-node")]
    [InlineData("hardware/pi-gateway")]
    public void Wiring_diagram_draws_every_wire_of_the_pin_map(string board)
    {
        var map = RepositoryFiles.ReadJson(board + "/pins.json");
        var svg = System.Net.WebUtility.HtmlDecode(RepositoryFiles.Read(board + "/wiring.svg"));
        foreach (var wire in Wires(map))
        {
            Assert.Contains(">" + wire.PartPin + "<", svg, StringComparison.Ordinal);
            Assert.Contains(">" + wire.BoardLabel + "<", svg, StringComparison.Ordinal);
        }

        Assert.Equal(Wires(map).Count(w => w.Board != "not connected"), Regex.Matches(svg, "<line ").Count - (map.TryGetProperty("oneWire", out _) ? 1 : 0));
    }

    internal static List<Wire> Wires(JsonElement map) => map.GetProperty("wiring").EnumerateArray().Select(w => new Wire(
        w.GetProperty("part").GetString()!,
        w.GetProperty("partPin").GetString()!,
        w.GetProperty("board").GetString()!,
        w.TryGetProperty("headerPin", out var header) ? header.GetInt32() : null,
        w.GetProperty("signal").GetString()!)).ToList();

    internal static int ParseAddress(string text) => int.Parse(text.Replace("0x", string.Empty, StringComparison.Ordinal), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static bool LooksLikeWire(string row) => row.Contains("GPIO", StringComparison.Ordinal) || row.Contains("3V3", StringComparison.Ordinal) || row.Contains("GND", StringComparison.Ordinal);

    private static Dictionary<string, int> BoardPinConstants()
    {
        var text = RepositoryFiles.Read("firmware/EdgeCompute.Firmware/Board/BoardPins.cs");
        var pins = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in ConstInt().Matches(text))
        {
            var value = m.Groups["value"].Value;
            pins[m.Groups["name"].Value] = value.StartsWith("0x", StringComparison.Ordinal) ? ParseAddress(value) : int.Parse(value, CultureInfo.InvariantCulture);
        }

        Assert.Equal(4, pins.Count);
        return pins;
    }

    [GeneratedRegex(@"public const int (?<name>\w+) = (?<value>0x[0-9A-Fa-f]+|\d+);")]
    private static partial Regex ConstInt();

    internal sealed record Wire(string Part, string PartPin, string Board, int? HeaderPin, string Signal)
    {
        public string BoardLabel => HeaderPin is { } pin ? $"{Board}  (pin {pin})" : Board;
    }
}
