using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Gateway.Sensors.Bme280;

namespace EdgeCompute.Gateway.Tests.Sensors;

/// <summary>The BME280 through Iot.Device.Bmxx80, on a simulated chip loaded with the datasheet's worked example.</summary>
public sealed class Bme280Tests
{
    // The worked example published with Bosch's BMP280/BME280 compensation code (same formulas on both chips).
    private const ushort T1 = 27504;
    private const short T2 = 26435, T3 = -1000;
    private const ushort P1 = 36477;
    private const short P2 = -10685, P3 = 3024, P4 = 2855, P5 = 140, P6 = -7, P7 = 15500, P8 = -14600, P9 = 6000;
    private const int AdcT = 519888, AdcP = 415148;

    // Humidity trimming values of the kind found on real chips; checked against the datasheet's double formula.
    private const byte H1 = 75, H3 = 5;
    private const short H2 = 362, H4 = 313, H5 = 50;
    private const sbyte H6 = 30;
    private const int AdcH = 30000;

    private static readonly SensorChannel[] Channels = [new("temp", "Cel", -2), new("hum", "%RH", -2), new("press", "hPa", -2)];

    [Fact]
    public void Reads_the_datasheet_example_temperature_of_25_08_degrees()
    {
        using var sensor = Bme280Sensor.Open("bme", ExampleChip(), Channels);
        var values = new long[3];

        Assert.True(sensor.TryRead(values));

        // Datasheet example: adc_T 519888 → 25.08 °C (t_fine 128422).
        Assert.Equal(2508, values[0]);
        Assert.Equal(25.08, Bme280DatasheetReference.Temperature(T1, T2, T3, AdcT, out var fine), 0.005);
        Assert.Equal(128422, fine, 1.0);
    }

    [Fact]
    public void Reads_the_datasheet_example_pressure_of_100653_pascals()
    {
        using var sensor = Bme280Sensor.Open("bme", ExampleChip(), Channels);
        var values = new long[3];

        Assert.True(sensor.TryRead(values));

        // Datasheet example: adc_P 415148 → 100653.27 Pa (floating point), 25767233 / 256 = 100653.25 Pa (64-bit integer).
        Bme280DatasheetReference.Temperature(T1, T2, T3, AdcT, out var fine);
        var reference = Bme280DatasheetReference.Pressure(fine, AdcP, P1, P2, P3, P4, P5, P6, P7, P8, P9);
        Assert.Equal(100653.27, reference, 0.01);
        Assert.Equal(100653, values[2]); // whole Pa = 0.01 hPa
        var integerQ8 = Bme280DatasheetReference.PressureQ8WithUnboundedIntegers(128422, AdcP, P1, P2, P3, P4, P5, P6, P7, P8, P9);
        Assert.Equal(25767233, integerQ8);
        Assert.InRange(values[2] - (integerQ8 / 256.0), -1.0, 1.0);
    }

    [Fact]
    public void Reads_humidity_as_the_datasheet_floating_point_formula_gives_it()
    {
        using var sensor = Bme280Sensor.Open("bme", ExampleChip(), Channels);
        var values = new long[3];

        Assert.True(sensor.TryRead(values));

        Bme280DatasheetReference.Temperature(T1, T2, T3, AdcT, out var fine);
        var reference = Bme280DatasheetReference.Humidity(fine, AdcH, H1, H2, H3, H4, H5, H6);
        Assert.InRange(reference, 50.0, 60.0);
        Assert.Equal((long)Math.Round(reference * 100, MidpointRounding.AwayFromZero), values[1]);
    }

    [Fact]
    public void Follows_a_change_of_the_raw_values()
    {
        var chip = ExampleChip();
        using var sensor = Bme280Sensor.Open("bme", chip, Channels);
        chip.SetRawAdc(AdcT + 4000, AdcP, AdcH);
        var values = new long[3];

        Assert.True(sensor.TryRead(values));

        var expected = Bme280DatasheetReference.Temperature(T1, T2, T3, AdcT + 4000, out _);
        Assert.Equal((long)Math.Round(expected * 100, MidpointRounding.AwayFromZero), values[0]);
        Assert.NotEqual(2508, values[0]);
    }

    [Fact]
    public void Starts_normal_mode_with_x1_oversampling_and_ctrl_hum_written_before_the_last_ctrl_meas()
    {
        var chip = ExampleChip();

        using var sensor = Bme280Sensor.Open("bme", chip, Channels);

        Assert.Equal(0b001, chip[0xF2]);                 // osrs_h ×1
        Assert.Equal(0b001_001_11, chip[0xF4]);          // osrs_t ×1, osrs_p ×1, normal mode
        Assert.Equal(0b010_000_00, chip[0xF5]);          // t_sb 125 ms, filter off
        Assert.Contains(chip.Writes, w => w is (0xE0, 0xB6)); // soft reset first
        var lastHum = chip.Writes.FindLastIndex(w => w.Register == 0xF2);
        var lastMeas = chip.Writes.FindLastIndex(w => w.Register == 0xF4);
        Assert.True(lastHum < lastMeas, "ctrl_hum takes effect only with a later ctrl_meas write");
    }

    [Fact]
    public void Refuses_a_chip_whose_id_is_not_0x60_and_names_what_it_found()
    {
        var chip = ExampleChip();
        chip[0xD0] = 0x58;

        var error = Assert.Throws<IOException>(() => Bme280Sensor.Open("bme", chip, Channels));

        Assert.Contains("0x58", error.Message, StringComparison.Ordinal);
        Assert.Contains("BMP280", error.Message, StringComparison.Ordinal);
        Assert.Contains("bus 1 at 0x76", error.Message, StringComparison.Ordinal);
        Assert.True(chip.IsDisposed);
    }

    [Fact]
    public void Reports_a_chip_that_does_not_answer_as_an_IOException()
    {
        var chip = new SimulatedBme280(busId: 3, address: 0x77) { Failing = true };

        var error = Assert.Throws<IOException>(() => Bme280Sensor.Open("bme", chip, Channels));

        Assert.Contains("no BME280 answered on I2C bus 3 at 0x77", error.Message, StringComparison.Ordinal);
        Assert.True(chip.IsDisposed);
    }

    [Fact]
    public void Returns_no_reading_when_the_bus_fails_and_reads_again_when_it_recovers()
    {
        var chip = ExampleChip();
        using var sensor = Bme280Sensor.Open("bme", chip, Channels);
        var values = new long[3];
        chip.Failing = true;

        Assert.False(sensor.TryRead(values));

        chip.Failing = false;
        Assert.True(sensor.TryRead(values));
        Assert.Equal(2508, values[0]);
    }

    [Fact]
    public void Returns_no_reading_for_values_outside_the_chips_operating_range()
    {
        var chip = ExampleChip();
        using var sensor = Bme280Sensor.Open("bme", chip, Channels);
        chip.SetRawAdc(0xFFFFF, AdcP, AdcH); // far above 85 °C with these trimming values

        Assert.False(sensor.TryRead(new long[3]));
    }

    [Fact]
    public void Disposes_the_device_it_owns()
    {
        var chip = ExampleChip();
        var sensor = Bme280Sensor.Open("bme", chip, Channels);

        sensor.Dispose();

        Assert.True(chip.IsDisposed);
    }

    internal static SimulatedBme280 ExampleChip(int busId = 1, int address = 0x76)
    {
        var chip = new SimulatedBme280(busId, address);
        chip.LoadTemperaturePressureCalibration(T1, T2, T3, P1, P2, P3, P4, P5, P6, P7, P8, P9);
        chip.LoadHumidityCalibration(H1, H2, H3, H4, H5, H6);
        chip.SetRawAdc(AdcT, AdcP, AdcH);
        return chip;
    }
}
