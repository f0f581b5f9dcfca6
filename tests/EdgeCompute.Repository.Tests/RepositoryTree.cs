namespace EdgeCompute.Repository.Tests;

/// <summary>Finds the repository (the folder holding EdgeCompute.sln) and walks its source files.</summary>
internal static class RepositoryTree
{
    private static readonly Lazy<string> _root = new(FindRoot);

    public static string Root => _root.Value;

    /// <summary>The path relative to the root, with forward slashes.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>Files under <paramref name="folder"/> with the extension, skipping build output and git's folder.</summary>
    public static IEnumerable<string> Files(string folder, string extension)
    {
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(current, "*" + extension))
            {
                yield return file;
            }

            foreach (var child in Directory.EnumerateDirectories(current))
            {
                var name = Path.GetFileName(child);
                if (name is "bin" or "obj" or ".git" or "node_modules")
                {
                    continue;
                }

                pending.Push(child);
            }
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeCompute.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EdgeCompute.sln not found above " + AppContext.BaseDirectory);
    }
}
