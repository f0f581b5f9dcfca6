using EdgeCompute.Firmware.Core.Cbor;

namespace EdgeCompute.Firmware.Core.Tests.Frames;

/// <summary>Builds task assignment bytes for tests, the way the coordinator issues them.</summary>
internal static class AssignmentBytes
{
    public static byte[] Build(
        string taskId,
        uint slot,
        string deviceId,
        string kernel,
        Action<CborEncoder> writeParams,
        uint opBudget,
        ulong deadline)
    {
        var buffer = new byte[4096];
        var e = new CborEncoder(buffer);
        e.WriteMapHeader(7);
        e.WriteUInt(1);
        e.WriteText(taskId);
        e.WriteUInt(2);
        e.WriteUInt(slot);
        e.WriteUInt(3);
        e.WriteText(deviceId);
        e.WriteUInt(4);
        e.WriteText(kernel);
        e.WriteUInt(5);
        writeParams(e);
        e.WriteUInt(6);
        e.WriteUInt(opBudget);
        e.WriteUInt(7);
        e.WriteUInt(deadline);
        Assert.False(e.HasOverflowed);
        return buffer[..e.Length];
    }

    public static Action<CborEncoder> UInts(params ulong[] values) => e =>
    {
        e.WriteArrayHeader(values.Length);
        foreach (var v in values)
        {
            e.WriteUInt(v);
        }
    };

    public static Action<CborEncoder> Pow(byte[] prefix, ulong start, ulong count, ulong difficulty) => e =>
    {
        e.WriteArrayHeader(4);
        e.WriteBytes(prefix, 0, prefix.Length);
        e.WriteUInt(start);
        e.WriteUInt(count);
        e.WriteUInt(difficulty);
    };

    public static Action<CborEncoder> Stats(params long[] values) => e =>
    {
        e.WriteArrayHeader(1);
        e.WriteArrayHeader(values.Length);
        foreach (var v in values)
        {
            e.WriteInt(v);
        }
    };
}
