using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace EdgeCompute.Repository.Tests;

/// <summary>
/// Namespaces follow folders: every C# file in a project declares the project's root namespace plus its folder path,
/// so a <c>using</c> can be guessed from where a type lives.
/// </summary>
public sealed partial class NamespaceTests
{
    /// <summary>Source folders compiled into several test projects by link; they belong to no single project.</summary>
    private static readonly Dictionary<string, string> _linkedFolders = new()
    {
        ["tests/Shared"] = "EdgeCompute.Tests",
        ["tests/SharedVectors"] = "EdgeCompute.Tests.Vectors",
    };

    [Fact]
    public void Every_file_declares_its_project_root_namespace_plus_its_folder()
    {
        var projects = Projects();
        Assert.True(projects.Count >= 10, $"only {projects.Count} projects found under {RepositoryTree.Root}");
        var wrong = new List<string>();
        var checkedFiles = 0;
        foreach (var file in RepositoryTree.Files(RepositoryTree.Root, ".cs"))
        {
            var relative = RepositoryTree.Relative(file);
            var expected = ExpectedNamespace(relative, projects);
            if (expected is null)
            {
                wrong.Add($"{relative}: in no project and no linked source folder");
                continue;
            }

            checkedFiles++;
            var declared = DeclaredNamespace(File.ReadAllText(file));
            if (declared is null)
            {
                if (Path.GetFileName(file) != "Program.cs")
                {
                    wrong.Add($"{relative}: declares no namespace (only a Program.cs with top-level statements may)");
                }
            }
            else if (declared != expected)
            {
                wrong.Add($"{relative}: namespace {declared}, expected {expected}");
            }
        }

        Assert.True(checkedFiles > 500, $"only {checkedFiles} files checked");
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public void The_check_reads_file_scoped_and_block_namespaces()
    {
        Assert.Equal("A.B", DeclaredNamespace("using X;\n\nnamespace A.B;\n\npublic class C { }"));
        Assert.Equal("A.B.C", DeclaredNamespace("// namespace Not.This;\nnamespace A.B.C\n{\n}"));
        Assert.Null(DeclaredNamespace("Console.WriteLine(\"namespace X;\");"));
    }

    [Fact]
    public void A_file_in_a_subfolder_expects_the_folder_path_appended()
    {
        var projects = new Dictionary<string, string> { ["protocol/EdgeCompute.Protocol"] = "EdgeCompute.Protocol" };
        Assert.Equal("EdgeCompute.Protocol.Batches", ExpectedNamespace("protocol/EdgeCompute.Protocol/Batches/X.cs", projects));
        Assert.Equal("EdgeCompute.Protocol", ExpectedNamespace("protocol/EdgeCompute.Protocol/X.cs", projects));
        Assert.Null(ExpectedNamespace("protocol/Elsewhere/X.cs", projects));
    }

    /// <summary>Project folder (relative) → root namespace, for every .csproj and .nfproj.</summary>
    private static Dictionary<string, string> Projects()
    {
        var projects = new Dictionary<string, string>();
        foreach (var extension in new[] { ".csproj", ".nfproj" })
        {
            foreach (var file in RepositoryTree.Files(RepositoryTree.Root, extension))
            {
                var rootNamespace = XDocument.Load(file).Descendants().FirstOrDefault(e => e.Name.LocalName == "RootNamespace")?.Value
                    ?? Path.GetFileNameWithoutExtension(file);
                projects[RepositoryTree.Relative(Path.GetDirectoryName(file)!)] = rootNamespace;
            }
        }

        return projects;
    }

    private static string? ExpectedNamespace(string relativeFile, IReadOnlyDictionary<string, string> projects)
    {
        var folder = Path.GetDirectoryName(relativeFile)!.Replace('\\', '/');
        foreach (var (linked, ns) in _linkedFolders)
        {
            if (folder == linked || folder.StartsWith(linked + "/", StringComparison.Ordinal))
            {
                return ns + folder[linked.Length..].Replace('/', '.');
            }
        }

        // The deepest project folder holding the file.
        var owner = projects.Keys.Where(p => folder == p || folder.StartsWith(p + "/", StringComparison.Ordinal))
            .OrderByDescending(p => p.Length).FirstOrDefault();
        return owner is null ? null : projects[owner] + folder[owner.Length..].Replace('/', '.');
    }

    private static string? DeclaredNamespace(string source)
    {
        var match = NamespaceLine().Match(source);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*(?:;|\{|$)", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();
}
