using System.Text.Json;
using System.Text.RegularExpressions;

namespace EdgeCompute.Hardware.Tests;

/// <summary>Finds the repository (the folder holding EdgeCompute.sln) and reads its files.</summary>
internal static partial class RepositoryFiles
{
    private static readonly Lazy<string> _root = new(FindRoot);

    public static string Root => _root.Value;

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative)
    {
        var path = PathOf(relative);
        Assert.True(File.Exists(path), $"missing file {relative}");
        return File.ReadAllText(path);
    }

    public static JsonElement ReadJson(string relative)
    {
        using var document = JsonDocument.Parse(Read(relative));
        return document.RootElement.Clone();
    }

    /// <summary>Every row of every Markdown table in the text, as trimmed cells (separator rows left out).</summary>
    public static IReadOnlyList<string[]> MarkdownTableRows(string markdown)
    {
        var rows = new List<string[]>();
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith('|') || !line.EndsWith('|') || SeparatorRow().IsMatch(line))
            {
                continue;
            }

            rows.Add(line[1..^1].Split('|').Select(c => c.Trim().Trim('`')).ToArray());
        }

        return rows;
    }

    /// <summary>The .cs files under a folder, relative with '/', leaving out bin/, obj/ and packages/.</summary>
    public static SortedSet<string> SourceFiles(string relativeFolder)
    {
        var folder = PathOf(relativeFolder);
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            var first = relative.Split('/')[0];
            if (first is "bin" or "obj" or "packages")
            {
                continue;
            }

            files.Add(relative);
        }

        return files;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EdgeCompute.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("EdgeCompute.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\|[\s:|-]+\|$")]
    private static partial Regex SeparatorRow();
}
