using System.Collections.Concurrent;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>Temporary folders the harnesses create; each is removed when its run ends, and all of them on exit or timeout.</summary>
internal static class TempFolders
{
    private static readonly ConcurrentDictionary<string, bool> _folders = new(StringComparer.Ordinal);

    public static string Create(string prefix)
    {
        var path = Directory.CreateTempSubdirectory(prefix).FullName;
        _folders[path] = true;
        return path;
    }

    public static void Remove(string path)
    {
        _folders.TryRemove(path, out _);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 4)
            {
                Thread.Sleep(200);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"warning: could not remove {path}: {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                Console.Error.WriteLine($"warning: could not remove {path}: {e.Message}");
                return;
            }
        }
    }

    public static void RemoveAll()
    {
        foreach (var path in _folders.Keys)
        {
            Remove(path);
        }
    }
}
