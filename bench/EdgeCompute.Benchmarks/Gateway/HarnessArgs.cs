using System.Globalization;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>Options of the gateway harnesses; every count is fixed so a run is bounded.</summary>
/// <param name="Devices">Simulated devices.</param>
/// <param name="FramesPerDevice">Measured frames per device.</param>
/// <param name="WarmupFrames">Warm-up frames per device (not timed).</param>
/// <param name="InFlight">QoS 1 publishes in flight per device.</param>
/// <param name="SyncEveryCommit">The outbox settings to run (FULL, NORMAL).</param>
/// <param name="Timeout">The hard limit of the whole run.</param>
/// <param name="Summaries">Window-summary frames (3 channels × 60 samples) instead of raw-sample frames (1 × 10).</param>
/// <param name="BridgesDown">The bridge settings to run: false = bridges off, true = every bridge on with its broker down.</param>
/// <param name="Metrics">The metrics settings to run: false = no meter, true = the gateway's meter exported in Prometheus format and scraped every second.</param>
/// <param name="PeerMosquitto">Also run the same load against a private Mosquitto in the same sitting (<c>--peer mosquitto</c>).</param>
/// <param name="LoadProcess">Run the devices' clients in a process of their own (<c>--load process</c>) instead of beside the gateway.</param>
internal sealed record HarnessArgs(int Devices, int FramesPerDevice, int WarmupFrames, int InFlight, IReadOnlyList<bool> SyncEveryCommit, TimeSpan Timeout,
    bool Summaries = false, IReadOnlyList<bool>? BridgesDown = null, IReadOnlyList<bool>? Metrics = null, bool PeerMosquitto = false, bool LoadProcess = false)
{
    public static HarnessArgs Parse(ReadOnlySpan<string> args)
    {
        var devices = 200;
        var frames = 500;
        var warmup = 20;
        var inFlight = 4;
        bool[] sync = [true, false];
        var timeout = TimeSpan.FromSeconds(600);
        var summaries = false;
        bool[] bridges = [false];
        bool[] metrics = [false];
        var peer = false;
        var loadProcess = false;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--devices": devices = Int(value, 1, 10_000, args[i]); break;
                case "--frames-per-device": frames = Int(value, 1, 1_000_000, args[i]); break;
                case "--warmup-frames": warmup = Int(value, 0, 100_000, args[i]); break;
                case "--in-flight": inFlight = Int(value, 1, 1000, args[i]); break;
                case "--timeout": timeout = TimeSpan.FromSeconds(Int(value, 1, 86_400, args[i])); break;
                case "--sync":
                    sync = value switch
                    {
                        "full" => [true],
                        "normal" => [false],
                        "both" => [true, false],
                        _ => throw new ArgumentException($"--sync must be full, normal or both, found \"{value}\""),
                    };
                    break;
                case "--frames":
                    summaries = value switch
                    {
                        "raw" => false,
                        "summary" => true,
                        _ => throw new ArgumentException($"--frames must be raw or summary, found \"{value}\""),
                    };
                    break;
                case "--metrics":
                    metrics = value switch
                    {
                        "off" => [false],
                        "on" => [true],
                        "both" => [false, true],
                        _ => throw new ArgumentException($"--metrics must be off, on or both, found \"{value}\""),
                    };
                    break;
                case "--peer":
                    peer = value switch
                    {
                        "none" => false,
                        "mosquitto" => true,
                        _ => throw new ArgumentException($"--peer must be none or mosquitto, found \"{value}\""),
                    };
                    break;
                case "--load":
                    loadProcess = value switch
                    {
                        "inproc" => false,
                        "process" => true,
                        _ => throw new ArgumentException($"--load must be inproc or process, found \"{value}\""),
                    };
                    break;
                case "--bridges":
                    bridges = value switch
                    {
                        "off" => [false],
                        "down" => [true],
                        "both" => [false, true],
                        _ => throw new ArgumentException($"--bridges must be off, down or both, found \"{value}\""),
                    };
                    break;
                default: throw new ArgumentException($"unknown option \"{args[i]}\"");
            }

            i++;
        }

        return new HarnessArgs(devices, frames, warmup, inFlight, sync, timeout, summaries, bridges, metrics, peer, loadProcess);
    }

    private static int Int(string value, int min, int max, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be an integer {min} to {max}, found \"{value}\"");
}
