using Wasmtime;

namespace EdgeCompute.Gateway.Tests.EdgeTasks;

/// <summary>The <c>.wat</c> files of the repository's <c>examples/</c> folder.</summary>
internal static class ExampleModules
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(Folder(), name));

    public static byte[] Binary(string name) => Module.ConvertText(Text(name));

    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var examples = Path.Combine(dir.FullName, "examples");
            if (File.Exists(Path.Combine(examples, "mandelbrot.wat")))
            {
                return examples;
            }
        }

        throw new DirectoryNotFoundException("examples/ with mandelbrot.wat not found above " + AppContext.BaseDirectory);
    }
}
