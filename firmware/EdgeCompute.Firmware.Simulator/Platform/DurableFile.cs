using System.Runtime.InteropServices;

namespace EdgeCompute.Firmware.Simulator.Platform;

/// <summary>
/// Replaces a small file so that a crash or a power loss leaves either the old or the new contents, never a mix or
/// nothing: the bytes go to a temporary file that is flushed to the disk (<c>fsync</c>), renamed over the target, and
/// the folder is flushed too, so the rename itself is on the disk when <see cref="Replace"/> returns.
/// </summary>
internal static partial class DurableFile
{
    public static void Replace(string path, ReadOnlySpan<byte> contents)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(contents);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        FlushFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    // .NET cannot open a folder as a file, so its entry list is flushed through the C library (Linux, macOS); on
    // Windows the rename is made durable by NTFS's journal instead.
    private static void FlushFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = Open(folder, 0 /* O_RDONLY */);
        if (descriptor < 0)
        {
            throw new IOException($"cannot open {folder} to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"cannot flush {folder} to the disk (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
