namespace EdgeCompute.Gateway.Tests.LocalStore;

/// <summary>A SQLite file in a fresh temporary folder, deleted with the folder.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ec-localstore-").FullName;

    public string Path => System.IO.Path.Combine(_folder, "windows.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on another thread; the OS temp cleaner takes it.
        }
    }
}
