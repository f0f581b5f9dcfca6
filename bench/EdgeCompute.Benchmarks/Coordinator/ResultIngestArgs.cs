using System.Globalization;

namespace EdgeCompute.Benchmarks.Coordinator;

/// <summary>Options of the coordinator result-ingest harness; every count is fixed so a run is bounded.</summary>
internal sealed record ResultIngestArgs(string Store, string? Postgres, int Replicas, int Batches, int BatchSize, int Devices, int Gateways, int Warmup, TimeSpan Timeout, bool Metrics = false,
    string Mode = "ingest", bool RowCounts = false)
{
    public static ResultIngestArgs Parse(ReadOnlySpan<string> args)
    {
        var store = "sqlite";
        string? postgres = Environment.GetEnvironmentVariable("EDGECOMPUTE_POSTGRES");
        var replicas = 1;
        var batches = 100;
        var batchSize = 500;
        var devices = 400;
        var gateways = 4;
        var warmup = 8;
        var timeout = TimeSpan.FromSeconds(900);
        var metrics = false;
        var mode = "ingest";
        var rowCounts = false;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--store":
                    store = value is "sqlite" or "postgres" ? value : throw new ArgumentException($"--store must be sqlite or postgres, found \"{value}\"");
                    break;
                case "--postgres": postgres = value; break;
                case "--replicas": replicas = Int(value, 1, 2, args[i]); break;
                case "--batches": batches = Int(value, 1, 10_000, args[i]); break;
                case "--batch-size": batchSize = Int(value, 2, 5_000, args[i]); break;
                case "--devices": devices = Int(value, 8, 10_000, args[i]); break;
                case "--gateways": gateways = Int(value, 2, 64, args[i]); break;
                case "--warmup-batches": warmup = Int(value, 0, 1_000, args[i]); break;
                case "--timeout": timeout = TimeSpan.FromSeconds(Int(value, 1, 86_400, args[i])); break;
                case "--metrics":
                    metrics = value is "on" or "off" ? value == "on" : throw new ArgumentException($"--metrics must be on or off, found \"{value}\"");
                    break;
                case "--mode":
                    mode = value is "ingest" or "raw" or "both" ? value : throw new ArgumentException($"--mode must be ingest, raw or both, found \"{value}\"");
                    break;
                case "--row-counts":
                    rowCounts = value is "on" or "off" ? value == "on" : throw new ArgumentException($"--row-counts must be on or off, found \"{value}\"");
                    break;
                default: throw new ArgumentException($"unknown option \"{args[i]}\"");
            }

            i++;
        }

        if (store == "postgres" && string.IsNullOrEmpty(postgres))
        {
            throw new ArgumentException("--store postgres needs --postgres CONNSTRING or EDGECOMPUTE_POSTGRES");
        }

        if (replicas == 2 && store != "postgres")
        {
            throw new ArgumentException("--replicas 2 needs --store postgres (replicas share one database)");
        }

        return new ResultIngestArgs(store, store == "postgres" ? postgres : null, replicas, batches, batchSize, devices, gateways, warmup, timeout, metrics, mode, rowCounts);
    }

    private static int Int(string value, int min, int max, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, found \"{value}\"");
}
