using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Core.Tests.Agent;

/// <summary>Deterministic channels: read i of channel c gives Base[c] + (i * Step[c]) % 13; reads never allocate.</summary>
internal sealed class FakeSensors : ISensorArray
{
    private readonly string[] _names;
    private readonly string[] _units;
    private readonly int[] _exponents;
    private readonly int[] _bases;
    private readonly int[] _steps;
    private readonly long[] _reads;

    public FakeSensors(string[] names, string[] units, int[] exponents, int[] bases, int[] steps)
    {
        _names = names;
        _units = units;
        _exponents = exponents;
        _bases = bases;
        _steps = steps;
        _reads = new long[names.Length];
        Dropout = new bool[names.Length];
    }

    public static FakeSensors Weather() => new(
        ["temp", "hum", "press"], ["Cel", "%RH", "hPa"], [-2, -1, -1], [2291, 455, 10132], [3, 1, 5]);

    public bool[] Dropout { get; }

    public int ChannelCount => _names.Length;

    public string ChannelName(int channel) => _names[channel];

    public string Unit(int channel) => _units[channel];

    public int Exponent(int channel) => _exponents[channel];

    public int ValueAt(int channel, long read) => _bases[channel] + (int)(read * _steps[channel] % 13);

    public bool TryRead(int channel, out int value)
    {
        if (Dropout[channel])
        {
            value = 0;
            return false;
        }

        value = ValueAt(channel, _reads[channel]++);
        return true;
    }
}
