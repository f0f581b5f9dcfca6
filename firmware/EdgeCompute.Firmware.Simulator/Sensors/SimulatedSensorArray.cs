using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Simulator.Sensors;

/// <summary>
/// Three physical-looking channels of a BME280-like sensor, seeded per device: <c>temp</c> (0.01 °C), <c>humidity</c>
/// (0.01 %RH) and <c>pressure</c> (0.01 hPa), all with exponent −2 and integer mantissas. Temperature follows a daily
/// cycle (coolest near 03:00 UTC, warmest near 15:00) around a per-device mean; humidity moves against it; pressure
/// drifts slowly around a per-device level; every channel has a slow weather drift and sensor noise. Faults are
/// injected at the rates of <see cref="SensorFaultOptions"/>: dropouts, spikes and stuck values, each counted.
/// </summary>
/// <remarks>The same seed and the same sequence of reads at the same times give the same values. Not thread-safe;
/// the agent reads it from its tick. Reads allocate nothing.</remarks>
public sealed class SimulatedSensorArray : ISensorArray
{
    /// <summary>The temperature channel's index.</summary>
    public const int Temperature = 0;

    /// <summary>The humidity channel's index.</summary>
    public const int Humidity = 1;

    /// <summary>The pressure channel's index.</summary>
    public const int Pressure = 2;

    private const double MsPerDay = 86_400_000.0;
    private static readonly string[] _names = ["temp", "humidity", "pressure"];
    private static readonly string[] _units = ["Cel", "%RH", "hPa"];

    // Per channel: noise σ, drift step σ, drift pull-back per read, spike size (all in physical units).
    private static readonly double[] _noise = [0.05, 0.3, 0.03];
    private static readonly double[] _driftStep = [0.01, 0.05, 0.01];
    private static readonly double[] _spike = [25.0, 30.0, 50.0];
    private const double DriftPull = 0.001;

    private readonly IDeviceClock _clock;
    private readonly SensorFaultOptions _faults;
    private readonly Random _random;
    private readonly double _meanTemperature;
    private readonly double _dailyAmplitude;
    private readonly double _meanHumidity;
    private readonly double _meanPressure;
    private readonly double[] _drift = new double[3];
    private readonly int[] _stuckLeft = new int[3];
    private readonly int[] _stuckValue = new int[3];
    private long _reads;
    private long _dropouts;
    private long _spikes;
    private long _stuckReads;
    private long _stuckEpisodes;

    /// <summary>Creates the sensors of one device.</summary>
    /// <param name="seed">The device's sensor seed: its climate and every random draw.</param>
    /// <param name="clock">The device clock (drives the daily cycle).</param>
    /// <param name="faults">The fault rates (copied); none when null.</param>
    /// <exception cref="ArgumentException">A fault rate is invalid; the message names it.</exception>
    public SimulatedSensorArray(int seed, IDeviceClock clock, SensorFaultOptions? faults = null)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _faults = faults?.Clone() ?? new SensorFaultOptions();
        _faults.Validate();
        Seed = seed;
        _random = new Random(seed);
        _meanTemperature = 15 + (10 * _random.NextDouble());
        _dailyAmplitude = 3 + (4 * _random.NextDouble());
        _meanHumidity = 40 + (30 * _random.NextDouble());
        _meanPressure = 1000 + (25 * _random.NextDouble());
    }

    /// <summary>Gets the seed the sensors were made with.</summary>
    public int Seed { get; }

    /// <summary>Gets how many reads were attempted.</summary>
    public long Reads => _reads;

    /// <summary>Gets how many reads failed (dropouts).</summary>
    public long Dropouts => _dropouts;

    /// <summary>Gets how many reads returned a spike.</summary>
    public long Spikes => _spikes;

    /// <summary>Gets how many reads returned a stuck value (the first read of an episode included).</summary>
    public long StuckReads => _stuckReads;

    /// <summary>Gets how many stuck episodes began.</summary>
    public long StuckEpisodes => _stuckEpisodes;

    /// <inheritdoc/>
    public int ChannelCount => 3;

    /// <inheritdoc/>
    public string ChannelName(int channel) => _names[channel];

    /// <inheritdoc/>
    public string Unit(int channel) => _units[channel];

    /// <inheritdoc/>
    public int Exponent(int channel) => -2;

    /// <summary>Returns the physical value of a channel now, without noise or faults (for checks).</summary>
    /// <param name="channel">The channel index.</param>
    /// <returns>The value in the channel's unit.</returns>
    public double Expected(int channel) => Physical(channel, _clock.UtcMilliseconds);

    /// <inheritdoc/>
    public bool TryRead(int channel, out int value)
    {
        if ((uint)channel >= 3)
        {
            throw new ArgumentOutOfRangeException(nameof(channel));
        }

        _reads++;
        _drift[channel] += (_driftStep[channel] * Gaussian()) - (DriftPull * _drift[channel]);
        var physical = Physical(channel, _clock.UtcMilliseconds) + (_noise[channel] * Gaussian());
        if (_random.NextDouble() < _faults.DropoutRate)
        {
            _dropouts++;
            value = 0;
            return false;
        }

        if (_stuckLeft[channel] > 0)
        {
            _stuckLeft[channel]--;
            _stuckReads++;
            value = _stuckValue[channel];
            return true;
        }

        value = ToMantissa(physical);
        if (_random.NextDouble() < _faults.StuckRate)
        {
            _stuckEpisodes++;
            _stuckReads++;
            _stuckLeft[channel] = _faults.StuckReads - 1;
            _stuckValue[channel] = value;
            return true;
        }

        if (_random.NextDouble() < _faults.SpikeRate)
        {
            _spikes++;
            var sign = _random.Next(2) == 0 ? -1 : 1;
            value = ToMantissa(physical + (sign * _spike[channel] * (0.5 + _random.NextDouble())));
        }

        return true;
    }

    private double Physical(int channel, long utcMs)
    {
        // Phase 0 at 09:00 UTC, so the sine peaks at 15:00 and bottoms out at 03:00.
        var daily = Math.Sin(2 * Math.PI * (((utcMs % (long)MsPerDay) / MsPerDay) - 0.375));
        return channel switch
        {
            Temperature => _meanTemperature + (_dailyAmplitude * daily) + _drift[Temperature],
            Humidity => Math.Clamp(_meanHumidity - (2.5 * _dailyAmplitude * daily) + _drift[Humidity], 1, 100),
            _ => _meanPressure + _drift[Pressure],
        };
    }

    private static int ToMantissa(double physical) => (int)Math.Round(physical * 100, MidpointRounding.AwayFromZero);

    private double Gaussian()
    {
        // Box–Muller; 1 - NextDouble() is in (0, 1], so the log is finite.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
