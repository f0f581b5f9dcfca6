using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Gateway.Sensors.ThermalZone;

namespace EdgeCompute.Gateway.Tests.Sensors;

public sealed class ThermalZoneSensorTests : IDisposable
{
    private static readonly SensorChannel Channel = new("cpu-temp", "Cel", -3);
    private readonly TempDirectory _sysfs = new();

    [Fact]
    public void Reads_millidegrees_from_the_zone_file()
    {
        var path = _sysfs.Write("thermal_zone0/temp", "48312\n");
        using var sensor = new ThermalZoneSensor("soc", path, Channel);
        var values = new long[1];

        Assert.True(sensor.TryRead(values));

        Assert.Equal(48312, values[0]);
    }

    [Fact]
    public void Reads_a_negative_temperature()
    {
        var path = _sysfs.Write("thermal_zone0/temp", "-1500\n");
        using var sensor = new ThermalZoneSensor("soc", path, Channel);

        Assert.True(sensor.TryReadMillidegrees(out var value));

        Assert.Equal(-1500, value);
    }

    [Fact]
    public void Returns_no_reading_for_content_that_is_not_an_integer()
    {
        var path = _sysfs.Write("thermal_zone0/temp", "hot\n");
        using var sensor = new ThermalZoneSensor("soc", path, Channel);

        Assert.False(sensor.TryRead(new long[1]));
    }

    [Fact]
    public void Returns_no_reading_when_the_file_disappears()
    {
        var path = _sysfs.Write("thermal_zone0/temp", "48312\n");
        using var sensor = new ThermalZoneSensor("soc", path, Channel);
        File.Delete(path);

        Assert.False(sensor.TryRead(new long[1]));
    }

    [Fact]
    public void Refuses_a_missing_zone_file_naming_it()
    {
        var path = Path.Combine(_sysfs.Path, "thermal_zone7/temp");

        var error = Assert.Throws<FileNotFoundException>(() => new ThermalZoneSensor("soc", path, Channel));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _sysfs.Dispose();
}
