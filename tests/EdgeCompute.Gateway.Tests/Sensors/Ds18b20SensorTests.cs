using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Gateway.Sensors.Ds18b20;

namespace EdgeCompute.Gateway.Tests.Sensors;

public sealed class Ds18b20SensorTests : IDisposable
{
    private const string Probe = "28-0316a2791fff";
    private const string Good = "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n";
    private const string BadCrc = "72 01 4b 46 7f ff 0e 10 57 : crc=3c NO\n72 01 4b 46 7f ff 0e 10 57 t=23125\n";
    private static readonly SensorChannel Channel = new("probe-temp", "Cel", -3);
    private readonly TempDirectory _w1 = new();

    [Fact]
    public void Reads_the_temperature_of_a_w1_slave_file_whose_crc_checked()
    {
        using var sensor = new Ds18b20Sensor("probe", _w1.Write($"{Probe}/w1_slave", Good), Channel);
        var values = new long[1];

        Assert.True(sensor.TryRead(values));

        Assert.Equal(23125, values[0]);
    }

    [Fact]
    public void Returns_no_reading_when_the_crc_failed()
    {
        using var sensor = new Ds18b20Sensor("probe", _w1.Write($"{Probe}/w1_slave", BadCrc), Channel);

        Assert.False(sensor.TryRead(new long[1]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n")]
    [InlineData("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=\n")]
    [InlineData("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=warm\n")]
    [InlineData("00 00 00 00 00 00 00 00 00 : crc=00 YES\n00 00 00 00 00 00 00 00 00 t=0\n")]
    [InlineData("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=127000\n")]
    public void Returns_no_reading_for_missing_or_implausible_content(string content)
    {
        using var sensor = new Ds18b20Sensor("probe", _w1.Write($"{Probe}/w1_slave", content), Channel);

        Assert.False(sensor.TryRead(new long[1]));
    }

    [Fact]
    public void Reads_a_temperature_below_zero()
    {
        var content = "5e ff 4b 46 7f ff 0c 10 93 : crc=93 YES\n5e ff 4b 46 7f ff 0c 10 93 t=-10125\n";
        using var sensor = new Ds18b20Sensor("probe", _w1.Write($"{Probe}/w1_slave", content), Channel);

        Assert.True(sensor.TryReadMillidegrees(out var value));

        Assert.Equal(-10125, value);
    }

    [Fact]
    public void Returns_no_reading_when_the_probe_is_unplugged()
    {
        var path = _w1.Write($"{Probe}/w1_slave", Good);
        using var sensor = new Ds18b20Sensor("probe", path, Channel);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);

        Assert.False(sensor.TryRead(new long[1]));
    }

    [Fact]
    public void Reads_the_temperature_file_of_newer_kernels()
    {
        using var sensor = new Ds18b20Sensor("probe", _w1.Write($"{Probe}/temperature", "21500\n"), Channel);

        Assert.True(sensor.TryReadMillidegrees(out var value));

        Assert.Equal(21500, value);
    }

    [Fact]
    public void Reads_w1_slave_when_given_the_probe_folder()
    {
        _w1.Write($"{Probe}/w1_slave", Good);

        using var sensor = new Ds18b20Sensor("probe", Path.Combine(_w1.Path, Probe), Channel);

        Assert.Equal(Path.Combine(_w1.Path, Probe, "w1_slave"), sensor.Path);
    }

    [Fact]
    public void Finds_the_first_probe_by_name_and_counts_the_others()
    {
        _w1.Write("28-0000000000bb/w1_slave", Good);
        _w1.Write("28-0000000000aa/w1_slave", Good);
        _w1.Write("w1_bus_master1/name", "w1_bus_master1\n");

        var folder = Ds18b20Sensor.FindFirstProbe(_w1.Path, out var others);

        Assert.Equal(Path.Combine(_w1.Path, "28-0000000000aa"), folder);
        Assert.Equal(1, others);
    }

    [Fact]
    public void Explains_a_bus_without_probes()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => Ds18b20Sensor.FindFirstProbe(_w1.Path, out _));

        Assert.Contains("no DS18B20 (28-*)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_missing_probe_file_naming_it()
    {
        var path = Path.Combine(_w1.Path, Probe, "w1_slave");

        var error = Assert.Throws<FileNotFoundException>(() => new Ds18b20Sensor("probe", path, Channel));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _w1.Dispose();
}
