using System.Buffers.Binary;
using EdgeCompute.Cli.Tests.Support;

namespace EdgeCompute.Cli.Tests.Wasm;

/// <summary><c>edgecompute wasm run</c> with the committed AssemblyScript example, <c>examples/spectrum/build/spectrum.wasm</c>.</summary>
public sealed class WasmRunCommandTests : IDisposable
{
    private const int N = 65536;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Spectrum()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var module = Path.Combine(dir.FullName, "examples", "spectrum", "build", "spectrum.wasm");
            if (File.Exists(module))
            {
                return module;
            }
        }

        throw new FileNotFoundException("examples/spectrum/build/spectrum.wasm not found above " + AppContext.BaseDirectory);
    }

    private string Signal(int bin, double amplitude)
    {
        var bytes = new byte[N * 4];
        for (var i = 0; i < N; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), (float)(amplitude * Math.Sin(2 * Math.PI * bin * i / N)));
        }

        var path = Path.Combine(_folder.Path, $"tone-{bin}.f32");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData(1234)]
    [InlineData(31_000)]
    public async Task The_spectrum_example_finds_the_tone_of_a_signal_in_its_peak_bin_and_band(int bin)
    {
        var output = Path.Combine(_folder.Path, "out.bin");

        var run = await CliRunner.RunAsync("wasm", "run", "--module", Spectrum(), "--input", Signal(bin, 0.8), "--fuel", "200000000", "--out", output);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("ok: ", run.Out, StringComparison.Ordinal);
        var bytes = File.ReadAllBytes(output);
        Assert.Equal(4 + 8 + (1024 * 4), bytes.Length);
        Assert.Equal((uint)bin, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        var bands = Enumerable.Range(0, 1024).Select(b => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(12 + (b * 4)))).ToArray();
        Assert.Equal(bin / 32, Array.IndexOf(bands, bands.Max()));
        var total = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(4));
        Assert.InRange(bands.Sum(b => (double)b) / total, 0.999, 1.001);
    }

    [Fact]
    public async Task An_input_of_the_wrong_length_traps_and_exits_1_naming_the_trap()
    {
        var input = Path.Combine(_folder.Path, "short.f32");
        File.WriteAllBytes(input, new byte[1000]);

        var run = await CliRunner.RunAsync("wasm", "run", "--module", Spectrum(), "--input", input);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: the run ended Trap", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_little_fuel_ends_out_of_fuel_and_a_missing_module_is_a_usage_error()
    {
        var outOfFuel = await CliRunner.RunAsync("wasm", "run", "--module", Spectrum(), "--input", Signal(7, 1), "--fuel", "1000");
        var missing = await CliRunner.RunAsync("wasm", "run", "--module", Path.Combine(_folder.Path, "none.wasm"), "--input", Signal(7, 1));

        Assert.Equal(1, outOfFuel.ExitCode);
        Assert.StartsWith("error: the run ended OutOfFuel after 1000 fuel", outOfFuel.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--module: cannot read", missing.Error, StringComparison.Ordinal);
    }
}
