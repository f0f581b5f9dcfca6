using EdgeCompute.Firmware.Simulator.Platform;
using EdgeCompute.Firmware.Simulator.Sensors;
using EdgeCompute.Firmware.Simulator.Tests.Support;
using EdgeCompute.Tests;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Firmware.Simulator.Tests;

public sealed class SimulatedSensorTests
{
    [Fact]
    public void Values_are_plausible_for_a_day()
    {
        var seed = TestSeed.Pick(101);
        var clock = new FakeTimeProvider(Fleets.Start);
        var sensors = new SimulatedSensorArray(seed, new TimeProviderDeviceClock(clock));
        var temps = new List<int>();
        for (var minute = 0; minute < 24 * 60; minute++)
        {
            Assert.True(sensors.TryRead(SimulatedSensorArray.Temperature, out var t));
            Assert.True(sensors.TryRead(SimulatedSensorArray.Humidity, out var h));
            Assert.True(sensors.TryRead(SimulatedSensorArray.Pressure, out var p));
            Assert.InRange(t, 500, 3500);
            Assert.InRange(h, 100, 10000);
            Assert.InRange(p, 98000, 104000);
            temps.Add(t);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        // The daily cycle: 15:00 UTC is warmer than 03:00 UTC by several degrees.
        Assert.True(temps[15 * 60] - temps[3 * 60] > 300, $"15:00 {temps[15 * 60]} vs 03:00 {temps[3 * 60]}");
        Assert.Equal(["temp", "humidity", "pressure"], Enumerable.Range(0, 3).Select(sensors.ChannelName));
        Assert.Equal(["Cel", "%RH", "hPa"], Enumerable.Range(0, 3).Select(sensors.Unit));
        Assert.All(Enumerable.Range(0, 3), c => Assert.Equal(-2, sensors.Exponent(c)));
    }

    [Fact]
    public void Same_seed_gives_same_values_and_another_seed_other_values()
    {
        var seed = TestSeed.Pick(102);
        Assert.Equal(Read(seed), Read(seed));
        Assert.NotEqual(Read(seed), Read(seed + 1));
    }

    [Fact]
    public void Faults_happen_at_their_rates()
    {
        var seed = TestSeed.Pick(103);
        var clock = new FakeTimeProvider(Fleets.Start);
        var faults = new SensorFaultOptions { DropoutRate = 0.05, SpikeRate = 0.02, StuckRate = 0.001, StuckReads = 20 };
        var sensors = new SimulatedSensorArray(seed, new TimeProviderDeviceClock(clock), faults);
        const int reads = 30000;
        var failed = 0;
        for (var i = 0; i < reads; i++)
        {
            if (!sensors.TryRead(i % 3, out _))
            {
                failed++;
            }

            clock.Advance(TimeSpan.FromSeconds(1.0 / 3));
        }

        Assert.Equal(reads, sensors.Reads);
        Assert.Equal(failed, sensors.Dropouts);
        Assert.InRange(sensors.Dropouts, 1200, 1800);      // 5 % of 30,000 = 1,500
        Assert.InRange(sensors.Spikes, 400, 750);          // ≈ 2 % of the reads not dropped or stuck
        Assert.InRange(sensors.StuckEpisodes, 12, 50);     // ≈ 0.1 % of 28,500
        Assert.InRange(sensors.StuckReads, sensors.StuckEpisodes, sensors.StuckEpisodes * 20);
    }

    [Fact]
    public void A_stuck_channel_repeats_its_value()
    {
        var seed = TestSeed.Pick(104);
        var clock = new FakeTimeProvider(Fleets.Start);
        var sensors = new SimulatedSensorArray(seed, new TimeProviderDeviceClock(clock), new SensorFaultOptions { StuckRate = 1, StuckReads = 5 });
        var values = new int[10];
        for (var i = 0; i < values.Length; i++)
        {
            Assert.True(sensors.TryRead(SimulatedSensorArray.Pressure, out values[i]));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(2, sensors.StuckEpisodes);
        Assert.Single(values[..5].Distinct());
        Assert.Single(values[5..].Distinct());
    }

    [Fact]
    public void Invalid_fault_rate_is_refused_with_its_name()
    {
        var clock = new TimeProviderDeviceClock(new FakeTimeProvider());
        var error = Assert.Throws<ArgumentException>(() => new SimulatedSensorArray(1, clock, new SensorFaultOptions { SpikeRate = 1.5 }));
        Assert.Contains("SpikeRate", error.Message, StringComparison.Ordinal);
    }

    private static int[] Read(int seed)
    {
        var clock = new FakeTimeProvider(Fleets.Start);
        var sensors = new SimulatedSensorArray(seed, new TimeProviderDeviceClock(clock), new SensorFaultOptions { SpikeRate = 0.05, DropoutRate = 0.05 });
        var values = new List<int>();
        for (var i = 0; i < 300; i++)
        {
            values.Add(sensors.TryRead(i % 3, out var v) ? v : int.MinValue);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        return [.. values];
    }
}
