using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeCompute.Hardware.Tests;

/// <summary>The ESP32 app's project files, which only the nanoFramework tooling builds, checked here.</summary>
public sealed partial class FirmwareProjectTests
{
    private const string AppFolder = "firmware/EdgeCompute.Firmware";
    private const string CoreFolder = "firmware/EdgeCompute.Firmware.Core";
    private const string KernelsFolder = "firmware/EdgeCompute.Firmware.Kernels";

    // Each linked library: its folder beside the app, and the folder its files are linked under in the nfproj.
    private static readonly (string Folder, string Link)[] LinkedLibraries =
        [(CoreFolder, "Core"), (KernelsFolder, "Kernels")];
    private static readonly XNamespace Msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";

    // Glue files that use nothing but mscorlib, so they can be compiled here against nanoFramework's.
    private static readonly string[] MscorlibOnlyGlue = ["Board/BoardPins.cs", "Platform/SntpDeviceClock.cs", "Transport/TaskMessageHandler.cs"];

    private static XDocument Nfproj => XDocument.Parse(RepositoryFiles.Read(AppFolder + "/EdgeCompute.Firmware.nfproj"));

    [Fact]
    public void Nfproj_compiles_exactly_the_core_and_kernels_sources_plus_the_glue()
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (folder, _) in LinkedLibraries)
        {
            foreach (var file in RepositoryFiles.SourceFiles(folder))
            {
                expected.Add("../" + Path.GetFileName(folder) + "/" + file);
            }
        }

        foreach (var file in RepositoryFiles.SourceFiles(AppFolder))
        {
            expected.Add(file);
        }

        var listed = Nfproj.Descendants(Msbuild + "Compile").Select(c => c.Attribute("Include")!.Value.Replace('\\', '/')).ToList();
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        var actual = new SortedSet<string>(listed, StringComparer.Ordinal);

        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            "EdgeCompute.Firmware.nfproj is out of date. Missing <Compile>: [" + string.Join(", ", missing)
            + "]; listed but not on disk: [" + string.Join(", ", extra) + "]");
    }

    [Fact]
    public void Linked_sources_keep_their_folder_under_Core_or_Kernels()
    {
        foreach (var compile in Nfproj.Descendants(Msbuild + "Compile"))
        {
            var include = compile.Attribute("Include")!.Value.Replace('\\', '/');
            if (!include.StartsWith("../", StringComparison.Ordinal))
            {
                Assert.Null(compile.Element(Msbuild + "Link"));
                continue;
            }

            var link = compile.Element(Msbuild + "Link")?.Value.Replace('\\', '/');
            var library = LinkedLibraries.Single(l => include.StartsWith("../" + Path.GetFileName(l.Folder) + "/", StringComparison.Ordinal));
            Assert.Equal(library.Link + "/" + include[("../" + Path.GetFileName(library.Folder) + "/").Length..], link);
        }
    }

    [Fact]
    public void Nfproj_references_and_packages_config_name_the_same_packages_and_versions()
    {
        var packages = XDocument.Parse(RepositoryFiles.Read(AppFolder + "/packages.config")).Root!.Elements("package")
            .ToDictionary(p => p.Attribute("id")!.Value, p => p, StringComparer.Ordinal);
        Assert.All(packages.Values, p => Assert.Equal("netnano1.0", p.Attribute("targetFramework")?.Value));

        var referenced = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in Nfproj.Descendants(Msbuild + "Reference"))
        {
            var include = reference.Attribute("Include")!.Value;
            var hint = reference.Element(Msbuild + "HintPath")?.Value ?? string.Empty;
            var match = HintPath().Match(hint);
            Assert.True(match.Success, $"reference {include}: HintPath '{hint}' is not packages\\<id>.<version>\\lib\\<assembly>.dll");
            var id = match.Groups["id"].Value;
            Assert.True(packages.TryGetValue(id, out var package), $"reference {include} points into package {id}, which packages.config lacks");
            Assert.Equal(package!.Attribute("version")!.Value, match.Groups["version"].Value);
            Assert.Equal(include, match.Groups["assembly"].Value);
            Assert.True(referenced.TryAdd(id, include), $"package {id} is referenced twice");
        }

        var unreferenced = packages.Keys.Except(referenced.Keys).ToList();
        Assert.True(unreferenced.Count == 0, "packages.config lists packages the nfproj does not reference: " + string.Join(", ", unreferenced));
    }

    [Fact]
    public void Packages_config_pins_the_CoreLibrary_that_the_compatibility_gate_compiles_against()
    {
        var gate = XDocument.Parse(RepositoryFiles.Read("Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => p.Attribute("Include")!.Value == "nanoFramework.CoreLibrary").Attribute("Version")!.Value;
        var app = XDocument.Parse(RepositoryFiles.Read(AppFolder + "/packages.config")).Root!.Elements("package")
            .Single(p => p.Attribute("id")!.Value == "nanoFramework.CoreLibrary").Attribute("version")!.Value;
        Assert.Equal(gate, app);
    }

    [Fact]
    public void Nfproj_is_a_nanoFramework_project_and_stays_out_of_the_solution()
    {
        var text = RepositoryFiles.Read(AppFolder + "/EdgeCompute.Firmware.nfproj");
        Assert.Contains("{11A8DD76-328B-46DF-9F39-F559912D0360}", text, StringComparison.Ordinal);
        foreach (var import in new[] { "NFProjectSystem.Default.props", "NFProjectSystem.props", "NFProjectSystem.CSharp.targets" })
        {
            Assert.Contains(Nfproj.Descendants(Msbuild + "Import"), i => i.Attribute("Project")!.Value.EndsWith(import, StringComparison.Ordinal));
        }

        Assert.Equal("Exe", Nfproj.Descendants(Msbuild + "OutputType").Single().Value);
        Assert.DoesNotContain("EdgeCompute.Firmware.nfproj", RepositoryFiles.Read("EdgeCompute.sln"), StringComparison.Ordinal);
    }

    [Fact]
    public void Glue_holds_no_keys_ids_or_wifi_credentials_as_constants()
    {
        foreach (var file in RepositoryFiles.SourceFiles(AppFolder))
        {
            var text = RepositoryFiles.Read(AppFolder + "/" + file);
            Assert.DoesNotMatch(LongHexLiteral(), text);
            Assert.DoesNotMatch(CredentialConstant(), text);
            Assert.DoesNotMatch(DeviceIdLiteral(), text);
        }
    }

    [Fact]
    public void Mscorlib_only_glue_compiles_with_the_core_and_kernels_against_nanoFramework_mscorlib()
    {
        var mscorlib = Path.GetFullPath(typeof(FirmwareProjectTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NanoMscorlibPath").Value!);
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = LinkedLibraries.SelectMany(l => RepositoryFiles.SourceFiles(l.Folder).Select(f => RepositoryFiles.Read(l.Folder + "/" + f)))
            .Concat(MscorlibOnlyGlue.Select(f => RepositoryFiles.Read(AppFolder + "/" + f)))
            .Select(source => CSharpSyntaxTree.ParseText(source, options));
        var compilation = CSharpCompilation.Create(
            "EdgeCompute.Firmware.GlueProbe",
            trees,
            [MetadataReference.CreateFromFile(mscorlib)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var output = new MemoryStream();
        var result = compilation.Emit(output, cancellationToken: TestContext.Current.CancellationToken);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(result.Success, string.Join(Environment.NewLine, errors));
    }

    [GeneratedRegex(@"^packages\\(?<id>[A-Za-z0-9.]+?)\.(?<version>\d+\.\d+\.\d+(?:\.\d+)?)\\lib\\(?<assembly>[A-Za-z0-9.]+)\.dll$")]
    private static partial Regex HintPath();

    // A device key (64 hex digits) or any long hex string.
    [GeneratedRegex(@"""[0-9a-fA-F]{32,}""")]
    private static partial Regex LongHexLiteral();

    // A constant or literal assigned to something named like an SSID, password or key.
    [GeneratedRegex(@"(?i)(ssid|password|secret|devicekey)\w*\s*=\s*""")]
    private static partial Regex CredentialConstant();

    // A provisioned-looking id literal such as "dev-0001" or "gw-01".
    [GeneratedRegex(@"""(dev|gw|owner)-[0-9]+""")]
    private static partial Regex DeviceIdLiteral();
}
