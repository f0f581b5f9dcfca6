using EdgeCompute.Gateway.Sensors.Bme280;

namespace EdgeCompute.Gateway.Tests.Sensors;

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

    [Fact]
    public void Compensates_temperature_as_in_the_datasheet_example()
    {
        using var bme = new Bme280Device(ExampleChip());

        Assert.True(bme.TryRead(out var reading));

        Assert.Equal(2508, reading.TemperatureCentiCelsius);
        Bme280Compensation.Temperature(ExampleCalibration(), AdcT, out var fine);
        Assert.Equal(128422, fine);
        var reference = Bme280DatasheetReference.Temperature(T1, T2, T3, AdcT, out _);
        Assert.Equal(25.08, reference, 0.005);
    }

    [Fact]
    public void Compensates_pressure_as_in_the_datasheet_example()
    {
        using var bme = new Bme280Device(ExampleChip());

        Assert.True(bme.TryRead(out var reading));

        // The 64-bit formula gives Q24.8: 25767233 / 256 = 100653.25 Pa (the same formula evaluated separately with
        // arbitrary-precision integers and C's truncating division gives 25767233; the double formula 100653.27 Pa).
        Assert.Equal(25767233, reading.PressurePascalsQ8);
        Assert.Equal(100653, (int)reading.PressurePascals);
        Bme280DatasheetReference.Temperature(T1, T2, T3, AdcT, out var fine);
        var reference = Bme280DatasheetReference.Pressure(fine, AdcP, P1, P2, P3, P4, P5, P6, P7, P8, P9);
        Assert.InRange(reading.PressurePascals - reference, -1.0, 1.0);
        Assert.Equal(Bme280DatasheetReference.PressureQ8WithUnboundedIntegers(128422, AdcP, P1, P2, P3, P4, P5, P6, P7, P8, P9), reading.PressurePascalsQ8);
    }

    [Fact]
    public void Compensates_humidity_as_the_datasheet_floating_point_formula_does()
    {
        using var bme = new Bme280Device(ExampleChip());

        Assert.True(bme.TryRead(out var reading));

        Bme280DatasheetReference.Temperature(T1, T2, T3, AdcT, out var fine);
        var reference = Bme280DatasheetReference.Humidity(fine, AdcH, H1, H2, H3, H4, H5, H6);
        Assert.InRange(reference, 50.0, 60.0);
        Assert.InRange(reading.HumidityPercent - reference, -0.02, 0.02);
    }

    [Fact]
    public void Clamps_humidity_to_the_range_0_to_100_percent()
    {
        var calibration = ExampleCalibration();
        Bme280Compensation.Temperature(calibration, AdcT, out var fine);

        Assert.Equal(100 * 1024, Bme280Compensation.Humidity(calibration, 0xFFFF, fine));
        Assert.Equal(0, Bme280Compensation.Humidity(calibration, 0, fine));
    }

    [Fact]
    public void Reads_signed_humidity_trimming_values_as_the_bosch_api_does()
    {
        var chip = ExampleChip();
        chip.LoadHumidityCalibration(H1, -300, H3, -5, -1234, -7);
        var block88 = new byte[26];
        var blockE1 = new byte[7];
        chip.WriteRead([0x88], block88);
        chip.WriteRead([0xE1], blockE1);

        var calibration = Bme280Calibration.Parse(block88, blockE1);

        Assert.Equal(ExampleCalibration() with { H2 = -300, H4 = -5, H5 = -1234, H6 = -7 }, calibration);
    }

    [Fact]
    public void Sets_oversampling_and_normal_mode_writing_ctrl_hum_before_ctrl_meas()
    {
        var chip = ExampleChip();

        using var bme = new Bme280Device(chip, Bme280Sampling.X4);

        Assert.Equal([(0xF2, 0b011), (0xF5, 0b011_000_00), (0xF4, 0b011_011_11)], chip.Writes.Select(w => ((int)w.Register, (int)w.Value)));
    }

    [Fact]
    public void Refuses_a_chip_whose_id_is_not_0x60_and_names_what_it_found()
    {
        var chip = ExampleChip();
        chip[0xD0] = 0x58;

        var error = Assert.Throws<IOException>(() => new Bme280Device(chip));

        Assert.Contains("0x58", error.Message, StringComparison.Ordinal);
        Assert.Contains("BMP280", error.Message, StringComparison.Ordinal);
        Assert.Contains("bus 1 at 0x76", error.Message, StringComparison.Ordinal);
        Assert.True(chip.IsDisposed);
    }

    [Fact]
    public void Reports_a_chip_that_does_not_answer_as_an_IOException()
    {
        var chip = new SimulatedBme280(busId: 3, address: 0x77) { Failing = true };

        var error = Assert.Throws<IOException>(() => new Bme280Device(chip));

        Assert.Contains("no BME280 answered on I2C bus 3 at 0x77", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Returns_no_reading_when_the_bus_fails()
    {
        var chip = ExampleChip();
        using var bme = new Bme280Device(chip);
        chip.Failing = true;

        Assert.False(bme.TryRead(out _));

        chip.Failing = false;
        Assert.True(bme.TryRead(out _));
    }

    [Fact]
    public void Returns_no_reading_before_the_first_measurement_completes()
    {
        var chip = ExampleChip();
        chip.SetRawAdc(0x80000, 0x80000, 0x8000);
        using var bme = new Bme280Device(chip);

        Assert.False(bme.TryRead(out _));
    }

    [Fact]
    public void Disposes_the_device_it_owns()
    {
        var chip = ExampleChip();
        var bme = new Bme280Device(chip);

        bme.Dispose();

        Assert.True(chip.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => bme.TryRead(out _));
    }

    [Fact]
    public void Reports_hundredths_of_a_degree_percent_and_hectopascal_as_a_gateway_sensor()
    {
        using var sensor = new Bme280Sensor("bme", new Bme280Device(ExampleChip()), [new("temp", "Cel", -2), new("hum", "%RH", -2), new("press", "hPa", -2)]);
        var values = new long[3];

        Assert.True(sensor.TryRead(values));

        Bme280DatasheetReference.Temperature(T1, T2, T3, AdcT, out var fine);
        var humidity = Bme280DatasheetReference.Humidity(fine, AdcH, H1, H2, H3, H4, H5, H6);
        Assert.Equal(2508, values[0]);
        Assert.InRange(values[1], (long)Math.Floor(humidity * 100), (long)Math.Ceiling(humidity * 100));
        Assert.Equal(100653, values[2]); // 100653.27 Pa = 1006.53 hPa
    }

    internal static SimulatedBme280 ExampleChip()
    {
        var chip = new SimulatedBme280();
        chip.LoadTemperaturePressureCalibration(T1, T2, T3, P1, P2, P3, P4, P5, P6, P7, P8, P9);
        chip.LoadHumidityCalibration(H1, H2, H3, H4, H5, H6);
        chip.SetRawAdc(AdcT, AdcP, AdcH);
        return chip;
    }

    private static Bme280Calibration ExampleCalibration() =>
        new(T1, T2, T3, P1, P2, P3, P4, P5, P6, P7, P8, P9, H1, H2, H3, H4, H5, H6);
}
