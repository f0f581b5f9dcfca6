namespace EdgeCompute.Tests.Vectors;

/// <summary>Finds <c>tests/vectors</c> by walking up from the test binaries to the folder holding EdgeCompute.sln.</summary>
internal static class VectorFolder
{
    public const string ManifestName = "vectors.json";

    private static readonly Lazy<string> Folder = new(Find);

    public static string Path => Folder.Value;

    public static string PathOf(string name) => System.IO.Path.Combine(Folder.Value, name);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "EdgeCompute.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, "tests", "vectors");
            }
        }

        throw new InvalidOperationException($"no EdgeCompute.sln above {AppContext.BaseDirectory}; cannot find tests/vectors");
    }
}
