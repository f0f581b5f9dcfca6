using System.IO;
using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Storage;

/// <summary>
/// The boot counter's two slots (<see cref="SlottedBootCounter"/>) as two small files on the board's internal storage,
/// next to the configuration. One 8-byte write per boot, flushed before the agent seals the boot's first frame (the
/// agent takes its boot first thing in <c>Start</c>).
/// </summary>
/// <remarks>
/// A re-flash that erases the storage partition resets the counter: the coordinator notices the reused boot and counts
/// it. A slot that cannot be written stops the boot: telemetry under a reused boot would collide with frames already
/// stored upstream.
/// </remarks>
public sealed class FlashBootSlots : IBootCounterSlots
{
    private readonly string _first;
    private readonly string _second;

    /// <summary>Creates the slots over two files.</summary>
    /// <param name="first">Slot 0, e.g. <c>I:\edgecompute-boot-a.bin</c>.</param>
    /// <param name="second">Slot 1, e.g. <c>I:\edgecompute-boot-b.bin</c>.</param>
    public FlashBootSlots(string first, string second)
    {
        _first = first;
        _second = second;
    }

    /// <summary>Reads the four-byte counter file of earlier firmware (0 when there is none), the new counter's floor.</summary>
    /// <param name="path">The file, e.g. <c>I:\edgecompute-boot.bin</c>.</param>
    /// <returns>The counter it holds.</returns>
    public static uint ReadLegacy(string path)
    {
        var bytes = new byte[4];
        return Read(path, bytes) == 4 ? (uint)(bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) : 0;
    }

    /// <inheritdoc/>
    public int Read(int slot, byte[] buffer)
    {
        return Read(slot == 0 ? _first : _second, buffer);
    }

    /// <inheritdoc/>
    public void Write(int slot, byte[] buffer, int count)
    {
        // nanoframework/System.IO.FileSystem System.IO.FileSystem/File.cs uses FileStream(path, FileMode, FileAccess);
        // Write/Flush/Dispose are System.IO.Stream's (nanoframework/System.IO.Streams).
        using (var stream = new FileStream(slot == 0 ? _first : _second, FileMode.Create, FileAccess.Write))
        {
            stream.Write(buffer, 0, count);
            stream.Flush();
        }
    }

    private static int Read(string path, byte[] buffer)
    {
        // File.Exists(path): nanoframework/System.IO.FileSystem System.IO.FileSystem/File.cs.
        if (!File.Exists(path))
        {
            return 0;
        }

        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read))
        {
            return stream.Read(buffer, 0, buffer.Length);
        }
    }
}
