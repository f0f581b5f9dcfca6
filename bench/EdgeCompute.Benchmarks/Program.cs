using BenchmarkDotNet.Running;
using EdgeCompute.Benchmarks.Compression;

// BenchmarkDotNet suites: `-- --filter '*'` runs them all, `-- --list flat` lists them.
// `-- compression-report` prints the size figures (ratio, bytes per reading) that BenchmarkDotNet does not.
if (args.Length > 0 && args[0] == "compression-report")
{
    CompressionReport.Print(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
