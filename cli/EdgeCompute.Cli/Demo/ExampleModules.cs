using System.Reflection;

namespace EdgeCompute.Cli.Demo;

/// <summary>The WebAssembly examples of <c>examples/</c>, embedded in the tool as text and compiled to binary with Wasmtime.</summary>
internal static class ExampleModules
{
    /// <summary>Compiles an embedded example (<c>mandelbrot</c>, <c>sum-windows</c>) to its binary form.</summary>
    /// <param name="name">The example's file name without <c>.wat</c>.</param>
    /// <returns>The module bytes.</returns>
    public static byte[] Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"examples/{name}.wat")
            ?? throw new InvalidOperationException($"the example module {name}.wat is not embedded in this build");
        using var reader = new StreamReader(stream);
        return Wasmtime.Module.ConvertText(reader.ReadToEnd());
    }
}
