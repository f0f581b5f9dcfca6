namespace EdgeCompute.Integration.Tests.Harness;

/// <summary>A temporary folder for one test (fleet, data, broker files), deleted at the end; readable by other users (Mosquitto drops root).</summary>
internal sealed class WorkFolder : IDisposable
{
    public WorkFolder()
    {
        Path = Directory.CreateTempSubdirectory("ec-it-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a leftover temp folder is harmless
        }
    }
}
