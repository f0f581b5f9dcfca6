using EdgeCompute.Gateway.Sensors;

namespace EdgeCompute.Gateway.Tests.Sensors;

public sealed class SensorOptionsValidatorTests
{
    [Fact]
    public void Accepts_one_sensor_of_each_driver_with_defaults()
    {
        var options = Options(
            new SensorDefinition { Driver = "bme280" },
            new SensorDefinition { Driver = "thermal-zone" },
            new SensorDefinition { Driver = "ds18b20" },
            new SensorDefinition { Driver = "sht4x" },
            new SensorDefinition { Driver = "bh1750" });

        Assert.True(new SensorOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Refuses_addresses_an_sht4x_or_a_bh1750_cannot_have()
    {
        var problems = SensorOptionsValidator.Check(Options(
            new SensorDefinition { Driver = "sht4x", I2cAddress = 0x76 },
            new SensorDefinition { Driver = "bh1750", I2cAddress = 0x44 }));

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("SensorOptions:Sensors:0:I2cAddress: 0x76 is not an SHT4x address", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("SensorOptions:Sensors:1:I2cAddress: 0x44 is not a BH1750 address", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Gives_each_i2c_driver_its_own_default_address()
    {
        Assert.Equal(0x76, new SensorDefinition { Driver = "bme280" }.EffectiveI2cAddress);
        Assert.Equal(0x44, new SensorDefinition { Driver = "sht4x" }.EffectiveI2cAddress);
        Assert.Equal(0x23, new SensorDefinition { Driver = "bh1750" }.EffectiveI2cAddress);
    }

    [Fact]
    public void Names_an_unknown_driver_and_the_known_ones()
    {
        var problems = SensorOptionsValidator.Check(Options(new SensorDefinition { Driver = "bmp180" }));

        Assert.Equal(["SensorOptions:Sensors:0:Driver: \"bmp180\" is not one of bme280, thermal-zone, ds18b20, sht4x, bh1750"], problems);
    }

    [Fact]
    public void Refuses_an_address_a_bme280_cannot_have()
    {
        var problems = SensorOptionsValidator.Check(Options(new SensorDefinition { Driver = "bme280", I2cAddress = 0x40 }));

        var problem = Assert.Single(problems);
        Assert.StartsWith("SensorOptions:Sensors:0:I2cAddress: 0x40 is not a BME280 address", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_channel_name_used_twice_naming_both_sensors()
    {
        var options = Options(
            new SensorDefinition { Driver = "ds18b20" },
            new SensorDefinition { Driver = "ds18b20", Path = "/sys/bus/w1/devices/28-2" });

        var problem = Assert.Single(SensorOptionsValidator.Check(options));

        Assert.StartsWith("SensorOptions:Sensors:1:Channels: channel \"probe-temp\" is also used by SensorOptions:Sensors:0", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_renamed_channels_that_tell_sensors_apart()
    {
        var second = new SensorDefinition { Driver = "ds18b20", Path = "/sys/bus/w1/devices/28-2" };
        second.Channels.Add("soil-temp");

        Assert.Empty(SensorOptionsValidator.Check(Options(new SensorDefinition { Driver = "ds18b20" }, second)));
    }

    [Fact]
    public void Refuses_the_wrong_number_of_channel_names_or_an_invalid_one()
    {
        var bme = new SensorDefinition { Driver = "bme280" };
        bme.Channels.Add("temp");
        var zone = new SensorDefinition { Driver = "thermal-zone" };
        zone.Channels.Add("CPU Temp");

        var problems = SensorOptionsValidator.Check(Options(bme, zone));

        Assert.Equal(
            [
                "SensorOptions:Sensors:0:Channels: bme280 has 3 channel(s) (temp, hum, press), 1 name(s) given",
                "SensorOptions:Sensors:1:Channels: \"CPU Temp\" does not match [a-z0-9-]{1,16}",
            ],
            problems);
    }

    [Fact]
    public void Refuses_a_window_that_is_not_a_multiple_of_the_sample_interval()
    {
        var options = new SensorOptions { SampleInterval = TimeSpan.FromSeconds(7), WindowLength = TimeSpan.FromSeconds(60) };

        var problem = Assert.Single(SensorOptionsValidator.Check(options));

        Assert.StartsWith("SensorOptions:WindowLength:", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    [InlineData(0.5)]
    public void Refuses_a_sample_interval_that_is_not_a_positive_number_of_milliseconds(double milliseconds)
    {
        var options = new SensorOptions { SampleInterval = TimeSpan.FromMilliseconds(milliseconds) };

        var problem = Assert.Single(SensorOptionsValidator.Check(options));

        Assert.StartsWith("SensorOptions:SampleInterval:", problem, StringComparison.Ordinal);
    }

    internal static SensorOptions Options(params SensorDefinition[] sensors)
    {
        var options = new SensorOptions();
        foreach (var sensor in sensors)
        {
            options.Sensors.Add(sensor);
        }

        return options;
    }
}
