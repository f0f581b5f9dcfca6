using System.Diagnostics;
using System.Globalization;
using EdgeCompute.Client;
using EdgeCompute.Client.Errors;

namespace EdgeCompute.Benchmarks.Api;

/// <summary>
/// <c>api-load --api URL [--clients 50] [--seconds 60]</c>: clients that call the public endpoints (health, stats, nodes,
/// jobs, epochs) back to back through <see cref="EdgeComputeClient"/> without retries, for a fixed time, and count the
/// answers by kind. Run beside a network (bench/api-load-run.sh) to see whether API traffic touches ingest.
/// Exit codes: 0 ok, 1 no request succeeded, 64 bad arguments.
/// </summary>
internal static class ApiLoadCommand
{
    public const string Name = "api-load";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        Uri? api = null;
        int clients = 50, seconds = 60;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--api": api = Uri.TryCreate(args[i + 1], UriKind.Absolute, out var u) ? u : null; break;
                case "--clients": clients = int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var c) && c is > 0 and <= 1000 ? c : -1; break;
                case "--seconds": seconds = int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 3600 ? s : -1; break;
                default: api = null; i = args.Length; break;
            }
        }

        if (api is null || clients < 0 || seconds < 0 || args.Length % 2 == 0)
        {
            output.WriteLine($"usage: {Name} --api http://HOST:PORT [--clients 1-1000] [--seconds 1-3600]");
            return 64;
        }

        long ok = 0, limited = 0, failed = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(async index =>
        {
            using var client = new EdgeComputeClient(new EdgeComputeClientOptions { BaseAddress = api, MaxAttempts = 1, Timeout = TimeSpan.FromSeconds(30) });
            for (var call = index; !stop.IsCancellationRequested; call++)
            {
                try
                {
                    Task work = (call % 5) switch
                    {
                        0 => client.GetStatsAsync(stop.Token),
                        1 => client.ListNodesAsync(cancellationToken: stop.Token),
                        2 => client.ListJobsAsync(limit: 50, cancellationToken: stop.Token),
                        3 => client.ListEpochsAsync(limit: 20, cancellationToken: stop.Token),
                        _ => client.GetHealthAsync(stop.Token),
                    };
                    await work.ConfigureAwait(false);
                    Interlocked.Increment(ref ok);
                }
                catch (ApiProblemException e) when (e.Status == 429)
                {
                    Interlocked.Increment(ref limited);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (EdgeComputeException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"api-load: {clients} clients for {elapsed:0.0} s against {api}: {ok} answered ({ok / elapsed:0} /s), {limited} rate-limited (429), {failed} failed"));
        return ok > 0 ? 0 : 1;
    }
}
