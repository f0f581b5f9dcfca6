using System.Reflection;
using Microsoft.CodeAnalysis;
using EdgeCompute.Firmware.Kernels;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeCompute.Firmware.Core.Tests.NanoGate;

/// <summary>
/// The nanoFramework gate. The build of EdgeCompute.Firmware.Core.Nano already fails on any API that
/// nanoFramework's mscorlib lacks; these tests catch what compiles but cannot run on the device.
/// </summary>
public class NanoCompatibilityTests
{
    private static string Metadata(string key) =>
        typeof(NanoCompatibilityTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value ?? throw new InvalidOperationException(key);

    private static string NanoAssemblyPath => Path.GetFullPath(Metadata("NanoAssemblyPath"));

    private static string NanoMscorlibPath => Path.GetFullPath(Metadata("NanoMscorlibPath"));

    [Fact]
    public void Nano_build_of_the_firmware_core_has_no_generics_or_multidimensional_arrays()
    {
        Assert.True(File.Exists(NanoAssemblyPath), $"the Nano assembly was not built: {NanoAssemblyPath}");

        var violations = NanoMetadataInspector.FindViolations(NanoAssemblyPath);

        Assert.True(violations.Count == 0,
            "nanoFramework 1.x cannot run these (found in the firmware core):\n  " + string.Join("\n  ", violations));
    }

    [Fact]
    public void Nano_build_references_only_nanoFramework_mscorlib()
    {
        var references = NanoMetadataInspector.AssemblyReferences(NanoAssemblyPath);

        Assert.Equal(["mscorlib"], references);
    }

    [Fact]
    public void Nano_build_contains_every_firmware_core_and_kernels_type()
    {
        var coreTypes = typeof(FirmwareInfo).Assembly.GetTypes().Concat(typeof(KernelNames).Assembly.GetTypes())
            .Where(t => t.IsPublic).Select(t => t.FullName!).Order().ToList();
        using var stream = File.OpenRead(NanoAssemblyPath);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var nanoTypes = md.TypeDefinitions.Select(md.GetTypeDefinition)
            .Where(t => (t.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public)
            .Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name)).Order().ToList();

        Assert.Equal(coreTypes, nanoTypes);
    }

    [Fact]
    public void Gate_flags_a_generic_class()
    {
        var violations = CompileForNano("namespace X; public class Box<T> { public T? Value; }");

        Assert.Contains(violations, v => v.Contains("generic type Box", StringComparison.Ordinal));
    }

    [Fact]
    public void Gate_flags_a_generic_method_and_its_instantiation()
    {
        var violations = CompileForNano("""
            namespace X;
            public static class C
            {
                public static T Pick<T>(T a, T b) => a;
                public static int Use() => Pick(1, 2);
            }
            """);

        Assert.Contains(violations, v => v.Contains("generic method C.Pick", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("MethodSpec", StringComparison.Ordinal));
    }

    [Fact]
    public void Gate_flags_a_multidimensional_array()
    {
        var violations = CompileForNano("namespace X; public static class C { public static int[,] Grid = new int[2, 2]; }");

        Assert.Contains(violations, v => v.Contains("multidimensional array", StringComparison.Ordinal));
    }

    [Fact]
    public void Gate_accepts_jagged_arrays_and_plain_classes()
    {
        var violations = CompileForNano("""
            namespace X;
            public delegate void Handler(byte[] data, int count);
            public sealed class C
            {
                private readonly System.Collections.ArrayList _items = new System.Collections.ArrayList();
                public int[][] Rows = new int[2][];
                public void Add(object o) { lock (_items) { _items.Add(o); } }
            }
            """);

        Assert.Empty(violations);
    }

    [Fact]
    public void Math_Abs_does_not_compile_against_nanoFramework_mscorlib()
    {
        var diagnostics = Compile("namespace X; public static class C { public static int F(int v) => System.Math.Abs(v); }", out _);

        Assert.Contains(diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id == "CS0234");
    }

    [Fact]
    public void Nullable_value_types_do_not_compile_against_nanoFramework_mscorlib()
    {
        var diagnostics = Compile("namespace X; public static class C { public static int? F() => null; }", out _);

        Assert.Contains(diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id == "CS0518");
    }

    private static IReadOnlyList<string> CompileForNano(string source)
    {
        var diagnostics = Compile(source, out var image);
        Assert.True(image is not null, "did not compile: " + string.Join("; ", diagnostics));
        using var stream = new MemoryStream(image);
        return NanoMetadataInspector.FindViolations(stream);
    }

    private static IReadOnlyList<Diagnostic> Compile(string source, out byte[]? image)
    {
        var compilation = CSharpCompilation.Create(
            "GateProbe",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            [MetadataReference.CreateFromFile(NanoMscorlibPath)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var output = new MemoryStream();
        var result = compilation.Emit(output);
        image = result.Success ? output.ToArray() : null;
        return result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }
}
