using System.Diagnostics;

namespace EdgeCompute.Gateway.Tests.Support;

/// <summary>
/// A small tmpfs mounted for one test (a real filesystem that fills up), unmounted on disposal. Mounting needs root:
/// <see cref="TryMount"/> returns null with the reason otherwise, and the test skips saying so.
/// </summary>
internal sealed class Tmpfs : IDisposable
{
    private Tmpfs(string path, long bytes)
    {
        Path = path;
        Bytes = bytes;
    }

    public string Path { get; }

    public long Bytes { get; }

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public static Tmpfs? TryMount(string path, long bytes, out string reason)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            reason = $"mounting a {bytes >> 20} MiB tmpfs needs root on Linux (scripts/test.sh runs as root on CI); this run is {Environment.UserName} on {Environment.OSVersion}";
            return null;
        }

        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", path);
        reason = code == 0 ? "" : $"mount -t tmpfs failed ({code}): {output}";
        return code == 0 ? new Tmpfs(path, bytes) : null;
    }

    /// <summary>Fills what is left with a file of zeros until the filesystem says no more (ENOSPC), as a runaway log would.</summary>
    public long Fill(string name)
    {
        var written = 0L;
        var chunk = new byte[4096];
        try
        {
            using var stream = new FileStream(System.IO.Path.Combine(Path, name), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
            while (true)
            {
                stream.Write(chunk);
                written += chunk.Length;
            }
        }
        catch (IOException)
        {
            return written; // full (the partly written file stays)
        }
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Trim());
    }
}
