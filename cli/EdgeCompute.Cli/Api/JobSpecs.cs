using System.CommandLine;
using System.Globalization;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Coordinator.Domain.Jobs;

namespace EdgeCompute.Cli.Api;

/// <summary>The kinds of <c>edgecompute submit</c>: each a subcommand with its own options that builds a <see cref="JobSpec"/>.</summary>
internal static class JobSpecs
{
    /// <summary>Fuel per Mandelbrot tile.</summary>
    public const ulong MandelbrotFuel = 50_000_000;

    /// <summary>Fuel per sensor-query task.</summary>
    public const ulong SensorQueryFuel = 10_000_000;

    /// <summary>Linear memory per WebAssembly task.</summary>
    public const ulong WasmMemory = 1 << 20;

    /// <summary>The kinds, each with its options and how it builds its spec from a parse result.</summary>
    /// <returns>(name, description, options, build) per kind.</returns>
    public static IEnumerable<(string Name, string Description, Option[] Options, Func<ParseResult, JobSpec> Build)> Kinds()
    {
        var samples = Required<ulong>("--samples", "Random points in all.", "N");
        var piChunk = Defaulted<ulong>("--chunk", "Points per task.", "N", 100_000);
        var seed = new Option<ulong?>("--seed") { Description = "The seed of the points [default: random].", HelpName = "S" };
        yield return ("pi", "Estimate π by Monte Carlo (montecarlo-pi).", [samples, piChunk, seed],
            p => new MonteCarloPiJobSpec(p.GetValue(samples), p.GetValue(piChunk), p.GetValue(seed) ?? (ulong)Random.Shared.NextInt64(1, long.MaxValue)));

        var prefix = Required<string>("--prefix-hex", "The bytes hashed before the nonce, hex (at most 64 bytes).", "HEX");
        var difficulty = Required<int>("--difficulty", "Leading zero bits required, 0 to 255.", "BITS");
        var nonces = Required<ulong>("--nonces", "Nonces to search, from 0.", "N");
        var powChunk = Defaulted<ulong>("--chunk", "Nonces per task.", "N", 1 << 16);
        yield return ("pow", "Search a SHA-256 proof-of-work nonce (pow).", [prefix, difficulty, nonces, powChunk],
            p => new PowJobSpec(Hex(p.GetRequiredValue(prefix)), p.GetValue(difficulty), 0, p.GetValue(nonces), p.GetValue(powChunk)));

        var from = Required<ulong>("--from", "The first number (inclusive).", "N");
        var to = Required<ulong>("--to", "The end (exclusive), at most 2^32.", "N");
        var primesChunk = Defaulted<ulong>("--chunk", "Numbers per task.", "N", 100_000);
        yield return ("primes", "Count the primes in [from, to) (primes).", [from, to, primesChunk],
            p => new PrimesJobSpec(p.GetValue(from), p.GetValue(to), p.GetValue(primesChunk)));

        var module = Required<FileInfo>("--module", "The Mandelbrot module, binary .wasm or text .wat (examples/mandelbrot.wat).", "FILE");
        var width = Defaulted("--width", "Image columns.", "N", 256);
        var height = Defaulted("--height", "Image rows.", "N", 192);
        var tile = Defaulted("--tile", "Tile width and height; one task per tile.", "N", 64);
        var iterations = Defaulted("--iterations", "Iterations per pixel.", "N", 64);
        yield return ("mandelbrot", "Render the Mandelbrot set on the gateways' WebAssembly runtime (wasm-map); 'jobs ID --image FILE.png' fetches it.",
            [module, width, height, tile, iterations],
            p => Mandelbrot(WasmModule.Load(p.GetRequiredValue(module)), p.GetValue(width), p.GetValue(height), p.GetValue(tile), p.GetValue(iterations)));

        var queryModule = Required<FileInfo>("--module", "The query module, .wasm or .wat (examples/sum-windows.wat).", "FILE");
        var channel = Required<string>("--channel", "The channel, such as temp.", "C");
        var region = Required<string>("--region", "The region: a geohash prefix of the gateways.", "GEOHASH");
        var queryFrom = Required<DateTimeOffset>("--from", "Windows starting at or after this (ISO 8601, e.g. 2026-01-01T08:00:00Z).", "TIME");
        var queryTo = Required<DateTimeOffset>("--to", "Windows starting before this.", "TIME");
        yield return ("sensor-query", "The mean of a channel over a region's gateways, computed where the data is (sensor-query).",
            [queryModule, channel, region, queryFrom, queryTo],
            p => new SensorQueryJobSpec(WasmModule.Load(p.GetRequiredValue(queryModule)), p.GetRequiredValue(channel), p.GetRequiredValue(region),
                p.GetValue(queryFrom).ToUnixTimeMilliseconds(), p.GetValue(queryTo).ToUnixTimeMilliseconds(), SensorQueryFuel, WasmMemory));
    }

    private static WasmMapJobSpec Mandelbrot(byte[] module, int width, int height, int tile, int iterations)
    {
        try
        {
            return MandelbrotJob.Create(module, width, height, tile, tile, iterations, MandelbrotFuel, WasmMemory);
        }
        catch (ArgumentOutOfRangeException e)
        {
            var option = e.ParamName switch { "width" => "--width", "height" => "--height", "maxIterations" => "--iterations", _ => "--tile" };
            throw CommandFailedException.Usage($"{option}: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    private static byte[] Hex(string text)
    {
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw CommandFailedException.Usage($"--prefix-hex: \"{text}\" is not hex (two digits per byte)");
        }
    }

    private static Option<T> Required<T>(string name, string description, string helpName) => new(name) { Description = description, HelpName = helpName, Required = true };

    private static Option<T> Defaulted<T>(string name, string description, string helpName, T value) =>
        new(name) { Description = description, HelpName = helpName, DefaultValueFactory = _ => value };

    /// <summary>Formats a number for messages.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The text.</returns>
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
