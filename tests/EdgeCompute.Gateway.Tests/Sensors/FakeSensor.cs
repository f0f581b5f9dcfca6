using EdgeCompute.Gateway.Sensors;

namespace EdgeCompute.Gateway.Tests.Sensors;

/// <summary>A sensor whose n-th read (from 0) answers <c>read(n)</c>: the values, or null for a dropout.</summary>
internal sealed class FakeSensor(string name, SensorChannel[] channels, Func<int, long[]?> read) : IGatewaySensor
{
    public string Name { get; } = name;

    public IReadOnlyList<SensorChannel> Channels { get; } = channels;

    public int Reads { get; private set; }

    public bool IsDisposed { get; private set; }

    public static FakeSensor Counting(string name, string channel, long first) =>
        new(name, [new(channel, "Cel", -2)], n => [first + n]);

    public bool TryRead(Span<long> mantissas)
    {
        var values = read(Reads++);
        if (values is null)
        {
            return false;
        }

        values.CopyTo(mantissas);
        return true;
    }

    public void Dispose() => IsDisposed = true;
}
