using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Coordinator.Reexecution;

namespace EdgeCompute.Cli.Wasm;

/// <summary>
/// <c>edgecompute wasm run --module FILE.wasm --input FILE [--fuel N] [--memory BYTES] [--out FILE]</c>: runs a module on
/// one input on this machine exactly as a gateway would (the shared host library, the gateways' deterministic engine,
/// the same fuel and memory limits), so a researcher can try a module before paying for a job, and check a job's
/// outputs byte for byte. Exit 0 when the run completes, 1 when it ends otherwise (the outcome and why on one line).
/// </summary>
internal static class WasmCommand
{
    /// <summary>Creates the command group.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var module = new Option<FileInfo>("--module") { Description = "The WebAssembly module (docs/wasm-abi.md).", HelpName = "FILE.wasm", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "The input file handed to run.", HelpName = "FILE", Required = true };
        var fuel = new Option<ulong>("--fuel") { Description = "The fuel budget.", HelpName = "N", DefaultValueFactory = _ => 1_000_000_000 };
        var memory = new Option<ulong>("--memory") { Description = "The most linear memory, bytes.", HelpName = "BYTES", DefaultValueFactory = _ => 64UL << 20 };
        var output = new Option<FileInfo>("--out") { Description = "Write the output here.", HelpName = "FILE" };
        var run = new Command("run", "Run a module on one input here, as a gateway would: outcome, fuel used, output size and SHA-256.") { module, input, fuel, memory, output };
        run.SetAction(async (parsed, cancellationToken) =>
        {
            var moduleBytes = await ReadAsync(parsed.GetRequiredValue(module), "--module", cancellationToken).ConfigureAwait(false);
            var inputBytes = await ReadAsync(parsed.GetRequiredValue(input), "--input", cancellationToken).ConfigureAwait(false);
            if (parsed.GetValue(fuel) == 0 || parsed.GetValue(memory) is < 65_536 or > 1UL << 32)
            {
                throw CommandFailedException.Usage("--fuel must be at least 1 and --memory 65536 to 4294967296");
            }

            using var runner = new WasmReexecutor(TimeSpan.FromSeconds(60));
            var (result, compileProblem) = runner.Run(moduleBytes, inputBytes, parsed.GetValue(fuel), parsed.GetValue(memory), cancellationToken);
            if (result is null)
            {
                throw CommandFailedException.Failure($"--module: {compileProblem}");
            }

            if (!result.IsSuccess)
            {
                throw CommandFailedException.Failure($"the run ended {result.Outcome} after {result.Fuel} fuel: {result.Message}");
            }

            if (parsed.GetValue(output) is { } file)
            {
                try
                {
                    await File.WriteAllBytesAsync(file.FullName, result.Output.ToArray(), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw CommandFailedException.Failure($"--out: cannot write {file.FullName}: {e.Message}");
                }
            }

            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"ok: {result.Fuel} fuel, {result.Output.Length} output bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(result.Output.Span))}")).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return new Command("wasm", "Work with WebAssembly modules on this machine.") { run };
    }

    private static async Task<byte[]> ReadAsync(FileInfo file, string option, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.Usage($"{option}: cannot read {file.FullName}: {e.Message}");
        }
    }
}
