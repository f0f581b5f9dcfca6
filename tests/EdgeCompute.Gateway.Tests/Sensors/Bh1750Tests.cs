using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Gateway.Sensors.Bh1750;

namespace EdgeCompute.Gateway.Tests.Sensors;

/// <summary>The BH1750 through Iot.Device.Bh1750fvi, on a simulated chip checked against the datasheet's worked example.</summary>
public sealed class Bh1750Tests
{
    private static readonly SensorChannel[] Channels = [new("light", "lx", -1)];

    [Fact]
    public void Reads_the_datasheet_example_of_28067_lux()
    {
        // BH1750FVI datasheet, "Measurement sequence example": high byte 1000_0011, low byte 1001_0000 in H-resolution
        // mode → (2^15 + 2^9 + 2^8 + 2^7 + 2^4) / 1.2 ≈ 28067 lx.
        var chip = new SimulatedBh1750 { Result = 0b1000_0011_1001_0000 };
        using var sensor = Bh1750Sensor.Open("light", chip, Channels);
        var values = new long[1];

        Assert.True(sensor.TryRead(values));

        Assert.Equal(280667, values[0]); // 28066.7 lx in 0.1 lx
    }

    [Fact]
    public void Powers_on_resets_keeps_the_default_measurement_time_and_measures_continuously_in_high_resolution()
    {
        var chip = new SimulatedBh1750();

        using var sensor = Bh1750Sensor.Open("light", chip, Channels);
        Assert.True(sensor.TryRead(new long[1]));

        Assert.Equal([0x01, 0x07, 0x42, 0x65], chip.Instructions.Take(4));
        Assert.Equal(69, chip.MeasurementTime);
        Assert.Equal((byte)0x10, chip.Mode);
    }

    [Fact]
    public void Reads_darkness_as_zero()
    {
        var chip = new SimulatedBh1750 { Result = 0 };
        using var sensor = Bh1750Sensor.Open("light", chip, Channels);
        var values = new long[1];

        Assert.True(sensor.TryRead(values));

        Assert.Equal(0, values[0]);
    }

    [Fact]
    public void Returns_no_reading_when_the_bus_fails()
    {
        var chip = new SimulatedBh1750 { Result = 1200 };
        using var sensor = Bh1750Sensor.Open("light", chip, Channels);
        chip.Failing = true;

        Assert.False(sensor.TryRead(new long[1]));

        chip.Failing = false;
        var values = new long[1];
        Assert.True(sensor.TryRead(values));
        Assert.Equal(10000, values[0]);
    }

    [Fact]
    public void Refuses_a_chip_that_does_not_answer_and_disposes_its_device()
    {
        var chip = new SimulatedBh1750(busId: 1, address: 0x5C) { Failing = true };

        var error = Assert.Throws<IOException>(() => Bh1750Sensor.Open("light", chip, Channels));

        Assert.Contains("no BH1750 answered on I2C bus 1 at 0x5C", error.Message, StringComparison.Ordinal);
        Assert.True(chip.IsDisposed);
    }
}
