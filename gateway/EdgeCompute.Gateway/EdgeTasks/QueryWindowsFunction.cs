using System.Buffers.Binary;
using EdgeCompute.Gateway.LocalStore;
using EdgeCompute.Wasm.Host;
using Wasmtime;

namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>
/// The host function <c>ec.query_windows</c>: data-local tasks read the gateway's stored windows of one channel,
/// across every source, as fixed 56-byte little-endian records (layout in docs/wasm-abi.md).
/// </summary>
internal static class QueryWindowsFunction
{
    public static void Define(Linker linker) =>
        linker.DefineFunction<int, int, long, long, int, int, int>(HostAbi.ImportModule, HostAbi.QueryWindowsImport, Invoke);

    private static int Invoke(Caller caller, int channelPtr, int channelLength, long fromMs, long toMs, int outPtr, int outCapacity)
    {
        Charge(caller, HostAbi.QueryBaseFuel);
        var memory = caller.GetMemory(HostAbi.MemoryExport);
        if (memory is null || caller.GetData() is not TaskStoreData data)
        {
            return HostAbi.QueryBadArguments;
        }

        var memoryLength = memory.GetLength();
        if (!InBounds(channelPtr, channelLength, memoryLength) || !InBounds(outPtr, outCapacity, memoryLength)
            || channelLength < 1 || channelLength > 16)
        {
            return HostAbi.QueryBadArguments;
        }

        var channelBytes = memory.GetSpan(channelPtr, channelLength);
        foreach (var b in channelBytes)
        {
            if (b is not ((>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-'))
            {
                return HostAbi.QueryBadArguments;
            }
        }

        if (data.Windows is null)
        {
            return HostAbi.QueryNoStore;
        }

        var channel = System.Text.Encoding.ASCII.GetString(channelBytes);
        var windows = toMs <= fromMs
            ? []
            : data.Windows.Query(new WindowQuery(channel, fromMs, toMs, null, HostAbi.MaxQueryWindows));
        Charge(caller, HostAbi.QueryFuelPerWindow * (ulong)windows.Count);

        // The query ran outside WebAssembly, so take the span again rather than trust an older one.
        var written = Math.Min(windows.Count, outCapacity / HostAbi.WindowRecordBytes);
        var output = memory.GetSpan(outPtr, written * HostAbi.WindowRecordBytes);
        for (var i = 0; i < written; i++)
        {
            Write(output.Slice(i * HostAbi.WindowRecordBytes, HostAbi.WindowRecordBytes), windows[i]);
        }

        return windows.Count;
    }

    internal static void Write(Span<byte> record, StoredWindow window)
    {
        var s = window.Summary;
        BinaryPrimitives.WriteInt64LittleEndian(record, window.WindowStartMs);
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], (int)Math.Clamp(window.WindowLengthMs, 0, int.MaxValue));
        BinaryPrimitives.WriteInt32LittleEndian(record[12..], s.Exponent);
        BinaryPrimitives.WriteInt64LittleEndian(record[16..], s.Count);
        BinaryPrimitives.WriteInt64LittleEndian(record[24..], s.Min);
        BinaryPrimitives.WriteInt64LittleEndian(record[32..], s.Max);
        BinaryPrimitives.WriteInt64LittleEndian(record[40..], s.Mean);
        BinaryPrimitives.WriteInt64LittleEndian(record[48..], s.Variance);
    }

    private static bool InBounds(int pointer, int length, long memoryLength) =>
        length >= 0 && (uint)pointer + (long)length <= memoryLength;

    // Host work is paid in fuel like WebAssembly work, so the cost stays deterministic; a task that cannot pay is left
    // with none and traps with out-of-fuel at its next instruction.
    private static void Charge(Caller caller, ulong fuel)
    {
        var available = caller.Fuel;
        caller.Fuel = available > fuel ? available - fuel : 0;
    }
}
