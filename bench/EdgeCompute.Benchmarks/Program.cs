using BenchmarkDotNet.Running;
using EdgeCompute.Benchmarks.Api;
using EdgeCompute.Benchmarks.Compression;
using EdgeCompute.Benchmarks.Coordinator;
using EdgeCompute.Benchmarks.Gateway;

// BenchmarkDotNet suites: `-- --filter '*'` runs them all, `-- --list flat` lists them.
// `-- compression-report` prints the size figures (ratio, bytes per reading) that BenchmarkDotNet does not.
// `-- gateway-ingest [...]` and `-- gateway-upstream-bytes` are load harnesses through the real gateway (Gateway/);
// `-- coordinator-ingest [...]` through the coordinator's ingest, work use cases, stores and epoch close (Coordinator/).
// `-- api-load --api URL` hammers the HTTP API's public endpoints (Api/; bench/api-load-run.sh runs it beside a network).
// `-- verification [...]` measures the verification policies against cheating strategies over simulated nodes (Verification/).
// `-- dashboard-load [...]` opens the dashboard's fleet page over 10,000 nodes in headless Chromium (Dashboard/).
if (args.Length > 0 && args[0] == "compression-report")
{
    CompressionReport.Print(Console.Out);
    return 0;
}

if (args.Length > 0 && GatewayCommands.Handles(args[0]))
{
    return await GatewayCommands.RunAsync(args, Console.Out);
}

if (args.Length > 0 && args[0] == EdgeCompute.Benchmarks.Verification.VerificationCommand.Name)
{
    return EdgeCompute.Benchmarks.Verification.VerificationCommand.Run(args, Console.Out);
}

if (args.Length > 0 && args[0] == ApiLoadCommand.Name)
{
    return await ApiLoadCommand.RunAsync(args, Console.Out);
}

if (args.Length > 0 && args[0] == EdgeCompute.Benchmarks.Dashboard.DashboardLoadHarness.Command)
{
    return await EdgeCompute.Benchmarks.Dashboard.DashboardLoadHarness.RunAsync(args, Console.Out);
}

if (args.Length > 0 && CoordinatorCommands.Handles(args[0]))
{
    return await CoordinatorCommands.RunAsync(args, Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
