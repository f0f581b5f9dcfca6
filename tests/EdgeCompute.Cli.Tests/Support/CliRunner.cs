using EdgeCompute.Cli.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Cli.Tests.Support;

/// <summary>Runs the edgecompute command in-process with captured output, a given environment and no console log.</summary>
internal static class CliRunner
{
    public static Task<CliOutcome> RunAsync(params string[] args) => RunAsync(args, environment: null);

    public static Task<CliOutcome> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment) =>
        RunUntilAsync(args, environment, TestContext.Current.CancellationToken);

    /// <summary>Runs a command in a process whose open-files limit and use read as <paramref name="openFiles"/>.</summary>
    public static Task<CliOutcome> RunWithOpenFilesAsync(OpenFiles openFiles, params string[] args) =>
        RunUntilAsync(args, null, TestContext.Current.CancellationToken, () => openFiles);

    /// <summary>Runs a command that stops when <paramref name="stop"/> is cancelled, as Ctrl+C stops it.</summary>
    public static async Task<CliOutcome> RunUntilAsync(
        string[] args, IReadOnlyDictionary<string, string>? environment, CancellationToken stop, Func<OpenFiles?>? readOpenFiles = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext
        {
            Out = TextWriter.Synchronized(output),
            Error = TextWriter.Synchronized(error),
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            ConfigureLogging = logging => logging.ClearProviders(),
            HandleProcessSignals = false,
            ReadOpenFiles = readOpenFiles ?? OpenFiles.OfThisProcess,
        };
        var code = await EdgeComputeCommand.RunAsync(args, context, stop);
        var outcome = new CliOutcome(code, output.ToString(), error.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine($"edgecompute {string.Join(' ', args)} → {code}\n{outcome.Out}{outcome.Error}");
        return outcome;
    }
}
