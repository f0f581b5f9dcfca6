using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace EdgeCompute.Repository.Tests;

/// <summary>
/// Namespaces follow folders: every C# file in a project declares the project's root namespace plus its folder path,
/// so a <c>using</c> can be guessed from where a type lives.
/// </summary>
public sealed partial class NamespaceTests
{
    /// <summary>
    /// Source folders compiled into several test projects by link; they belong to no single project. (A file that one
    /// project owns and others link, such as the firmware core's files in the ESP32 app's .nfproj, follows its home
    /// project.) scripts/namespaces.py, which fixes what these tests find, keeps the same table.
    /// </summary>
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
    public void Every_file_declares_at_most_one_namespace()
    {
        var several = RepositoryTree.Files(RepositoryTree.Root, ".cs")
            .Where(file => NamespaceLine().Matches(File.ReadAllText(file)).Count > 1)
            .Select(file => RepositoryTree.Relative(file) + ": declares more than one namespace")
            .ToList();

        Assert.True(several.Count == 0, string.Join('\n', several));
    }

    [Fact]
    public void No_type_is_named_like_its_own_namespace()
    {
        // Inside the parent namespace such a name finds the namespace, not the type (Topics became ProtocolTopics).
        var clashes = new List<string>();
        var checkedTypes = 0;
        foreach (var file in RepositoryTree.Files(RepositoryTree.Root, ".cs"))
        {
            var source = File.ReadAllText(file);
            var declared = DeclaredNamespace(source);
            if (declared is null)
            {
                continue;
            }

            var last = declared[(declared.LastIndexOf('.') + 1)..];
            foreach (var type in DeclaredTypes(source))
            {
                checkedTypes++;
                if (type == last)
                {
                    clashes.Add($"{RepositoryTree.Relative(file)}: type {type} in namespace {declared}");
                }
            }
        }

        Assert.True(checkedTypes > 500, $"only {checkedTypes} types found");
        Assert.True(clashes.Count == 0, string.Join('\n', clashes));
    }

    [Fact]
    public void The_fixing_script_uses_the_same_linked_folders()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryTree.Root, "scripts", "namespaces.py"));

        foreach (var (folder, ns) in _linkedFolders)
        {
            Assert.Contains($"\"{folder}\": \"{ns}\",", script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_linked_file_follows_its_home_project_not_the_project_linking_it()
    {
        var projects = new Dictionary<string, string>
        {
            ["firmware/EdgeCompute.Firmware"] = "EdgeCompute.Firmware",
            ["firmware/EdgeCompute.Firmware.Kernels"] = "EdgeCompute.Firmware.Kernels",
            ["tests/EdgeCompute.Protocol.Tests"] = "EdgeCompute.Protocol.Tests",
        };

        Assert.Equal("EdgeCompute.Firmware.Kernels.Crypto", ExpectedNamespace("firmware/EdgeCompute.Firmware.Kernels/Crypto/Sha256.cs", projects));
        Assert.Equal("EdgeCompute.Firmware.Storage", ExpectedNamespace("firmware/EdgeCompute.Firmware/Storage/X.cs", projects));
        Assert.Equal("EdgeCompute.Tests.Vectors", ExpectedNamespace("tests/SharedVectors/VectorFolder.cs", projects));
        Assert.Equal("EdgeCompute.Tests", ExpectedNamespace("tests/Shared/TestSeed.cs", projects));
    }

    [Fact]
    public void The_type_check_reads_top_level_declarations_only()
    {
        const string Source = """
            namespace A.Topics;

            /// <summary>class Topics in a comment.</summary>
            public static partial class Topics
            {
                private sealed class Nested { }
            }

            internal readonly record struct Other(int X);
            public delegate void Handler(int x);
            """;

        Assert.Equal(["Topics", "Other", "Handler"], DeclaredTypes(Source));
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

    /// <summary>Types declared at the top of a file-scoped namespace (the repository's style): at the line's start.</summary>
    private static List<string> DeclaredTypes(string source) =>
        TypeLine().Matches(source).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*(?:;|\{|$)", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^(?:(?:public|internal|file|static|sealed|abstract|partial|readonly|ref|unsafe)\s+)*(?:class|struct|interface|enum|record(?:\s+class|\s+struct)?|delegate\s+[\w<>\[\],.?]+)\s+@?(\w+)", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
