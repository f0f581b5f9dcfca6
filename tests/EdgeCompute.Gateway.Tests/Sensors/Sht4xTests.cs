using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Gateway.Sensors.Sht4x;

namespace EdgeCompute.Gateway.Tests.Sensors;

/// <summary>The SHT4x through Iot.Device.Sht4x, on a simulated chip checked against the datasheet's formulas and CRC example.</summary>
public sealed class Sht4xTests
{
    private static readonly SensorChannel[] Channels = [new("sht-temp", "Cel", -2), new("sht-hum", "%RH", -2)];

    [Fact]
    public void Simulated_chip_computes_the_datasheet_crc_example()
    {
        // SHT4x datasheet, section 4.4: CRC-8 of 0xBEEF is 0x92.
        Assert.Equal(0x92, SimulatedSht4x.Crc8(0xBE, 0xEF));
    }

    [Fact]
    public void Converts_the_raw_words_with_the_datasheet_formulas()
    {
        var chip = new SimulatedSht4x { RawTemperature = 0x6666, RawHumidity = 0x8000 };
        using var sensor = Sht4xSensor.Open("sht", chip, Channels);
        var values = new long[2];

        Assert.True(sensor.TryRead(values));

        // T = -45 + 175 · S_T / 65535: 0x6666 = 26214 = 0.4 · 65535 → 25.00 °C.
        Assert.Equal(2500, values[0]);
        // RH = -6 + 125 · S_RH / 65535: 32768 → 56.50095… %RH.
        Assert.Equal((long)Math.Round((-6 + (125.0 * 32768 / 65535)) * 100), values[1]);
        Assert.Equal(0xFD, chip.Commands[^1]); // high repeatability
    }

    [Fact]
    public void Clamps_humidity_to_0_to_100_percent_as_the_datasheet_says()
    {
        var chip = new SimulatedSht4x { RawHumidity = 0xFFFF };
        using var sensor = Sht4xSensor.Open("sht", chip, Channels);
        var values = new long[2];

        Assert.True(sensor.TryRead(values));

        Assert.Equal(10000, values[1]); // 119 %RH computed, 100 %RH reported
    }

    [Fact]
    public void Resets_the_chip_and_reads_its_serial_number_when_opened()
    {
        var chip = new SimulatedSht4x { Serial = 0x1234_5678 };

        using var sensor = Sht4xSensor.Open("sht", chip, Channels);

        Assert.Equal([0x94, 0x89], chip.Commands);
        Assert.Equal(0x1234_5678, sensor.SerialNumber);
    }

    [Fact]
    public void Returns_no_reading_when_a_word_fails_its_crc()
    {
        var chip = new SimulatedSht4x();
        using var sensor = Sht4xSensor.Open("sht", chip, Channels);
        chip.CorruptCrc = true;

        Assert.False(sensor.TryRead(new long[2]));

        chip.CorruptCrc = false;
        Assert.True(sensor.TryRead(new long[2]));
    }

    [Fact]
    public void Returns_no_reading_when_the_bus_fails()
    {
        var chip = new SimulatedSht4x();
        using var sensor = Sht4xSensor.Open("sht", chip, Channels);
        chip.Failing = true;

        Assert.False(sensor.TryRead(new long[2]));
    }

    [Fact]
    public void Refuses_a_chip_that_does_not_answer_and_disposes_its_device()
    {
        var chip = new SimulatedSht4x(busId: 1, address: 0x45) { Failing = true };

        var error = Assert.Throws<IOException>(() => Sht4xSensor.Open("sht", chip, Channels));

        Assert.Contains("no SHT4x answered on I2C bus 1 at 0x45", error.Message, StringComparison.Ordinal);
        Assert.True(chip.IsDisposed);
    }

    [Fact]
    public void Refuses_a_chip_whose_serial_number_fails_its_crc()
    {
        var chip = new SimulatedSht4x { CorruptCrc = true };

        var error = Assert.Throws<IOException>(() => Sht4xSensor.Open("sht", chip, Channels));

        Assert.Contains("fails the Sensirion CRC", error.Message, StringComparison.Ordinal);
        Assert.True(chip.IsDisposed);
    }
}
