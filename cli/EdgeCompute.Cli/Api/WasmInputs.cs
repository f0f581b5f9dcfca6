using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Api;

/// <summary>The input files of <c>submit wasm</c>: each path a file, or a folder whose files are taken in name order (ordinal).</summary>
internal static class WasmInputs
{
    /// <summary>Expands the paths in the order given.</summary>
    /// <param name="paths">Files and folders.</param>
    /// <returns>The files, one task each, in task order.</returns>
    /// <exception cref="CommandFailedException">A path that does not exist, or no file at all.</exception>
    public static IReadOnlyList<FileInfo> Expand(IReadOnlyList<string> paths)
    {
        var files = new List<FileInfo>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path).Order(StringComparer.Ordinal).Select(f => new FileInfo(f)));
            }
            else if (File.Exists(path))
            {
                files.Add(new FileInfo(path));
            }
            else
            {
                throw CommandFailedException.Usage($"--inputs: {path} is neither a file nor a folder");
            }
        }

        return files.Count > 0 ? files : throw CommandFailedException.Usage("--inputs: no input files found (give files, or folders holding them)");
    }
}
