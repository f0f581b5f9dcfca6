using System.IO;
using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Storage;

/// <summary>
/// The boot counter kept in flash: four bytes (little-endian) in a file on the board's internal storage, next to
/// the configuration. Written once per boot, so flash wear is one small write per restart.
/// </summary>
/// <remarks>
/// A missing or short file counts as 0 (a new board). A counter that cannot be written stops the boot: telemetry
/// under a reused boot counter would be rejected upstream as replays.
/// </remarks>
public sealed class FlashBootCounter : IBootCounter
{
    private readonly string _path;

    /// <summary>Creates a counter over <paramref name="path"/>, e.g. <c>I:\boot.bin</c>.</summary>
    /// <param name="path">The file.</param>
    public FlashBootCounter(string path)
    {
        _path = path;
    }

    /// <inheritdoc/>
    public uint NextBoot()
    {
        var next = Read() + 1;
        var bytes = new byte[] { (byte)next, (byte)(next >> 8), (byte)(next >> 16), (byte)(next >> 24) };

        // nanoframework/System.IO.FileSystem System.IO.FileSystem/File.cs uses FileStream(path, FileMode, FileAccess);
        // Write/Flush/Dispose are System.IO.Stream's (nanoframework/System.IO.Streams).
        using (var stream = new FileStream(_path, FileMode.Create, FileAccess.Write))
        {
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush();
        }

        return next;
    }

    private uint Read()
    {
        // File.Exists(path): nanoframework/System.IO.FileSystem System.IO.FileSystem/File.cs.
        if (!File.Exists(_path))
        {
            return 0;
        }

        var bytes = new byte[4];
        using (var stream = new FileStream(_path, FileMode.Open, FileAccess.Read))
        {
            if (stream.Read(bytes, 0, 4) != 4)
            {
                return 0;
            }
        }

        return (uint)(bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24));
    }
}
