using System.Globalization;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Benchmarks.Verification;

/// <summary>
/// Options of <c>verification</c>. Without policy options both columns run today's defaults (the job kinds' policies
/// and the work options' trust settings); <c>--trust-after</c>, <c>--spot-check</c> and <c>--replicas</c> change
/// adaptive replication in both columns, <c>--wasm adaptive</c> runs WebAssembly jobs with adaptive replication instead
/// of 2-of-2, and <c>--reexec</c> (<c>--kernel-reexec</c>) sets the share of decided WebAssembly (kernel) tasks the
/// coordinator re-executes.
/// <c>--sweep NAME --values A,B,...</c> runs the harness once per value of one parameter (in both columns; lazy nodes,
/// whom no parameter catches, are left out) and prints the trade-off curve.
/// </summary>
internal sealed record VerificationArgs(int Seed, SimulationOptions Options, PolicySetting Kernel, PolicySetting Wasm, string? Sweep, IReadOnlyList<double> Values)
{
    /// <summary>The parameters <c>--sweep</c> can vary.</summary>
    public static IReadOnlyList<string> Sweepable { get; } = ["spot-check", "reexec", "trust-after", "replicas"];

    /// <summary>Parses the arguments after the command name.</summary>
    /// <exception cref="ArgumentException">An option is unknown or out of range (one line naming it).</exception>
    public static VerificationArgs Parse(ReadOnlySpan<string> args)
    {
        var seed = Random.Shared.Next(1, int.MaxValue);
        var options = new SimulationOptions();
        var kernel = PolicySetting.CurrentKernel();
        var wasm = PolicySetting.CurrentWasm();
        string? sweep = null;
        IReadOnlyList<double> values = [];
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--seed": seed = Int(value, 0, int.MaxValue, name); break;
                case "--tasks": options = options with { Tasks = Int(value, 1, 10_000_000, name) }; break;
                case "--trials": options = options with { Trials = Int(value, 2, 1_000_000, name) }; break;
                case "--nodes": options = options with { Nodes = Int(value, 20, 10_000, name) }; break;
                case "--horizon": options = options with { Horizon = Int(value, 20, 100_000, name) }; break;
                case "--trust-after":
                    var trust = Int(value, 1, 1_000, name);
                    (kernel, wasm) = (kernel with { TrustAfter = trust }, wasm with { TrustAfter = trust });
                    break;
                case "--spot-check":
                    var spot = Rate(value, name);
                    (kernel, wasm) = (kernel with { SpotCheckRate = spot }, wasm with { SpotCheckRate = spot });
                    break;
                case "--replicas":
                    var replicas = Int(value, 2, 5, name);
                    (kernel, wasm) = (kernel with { Replicas = replicas }, wasm with { Replicas = replicas });
                    break;
                case "--reexec": wasm = wasm with { AuditRate = Rate(value, name) }; break;
                case "--kernel-reexec": kernel = kernel with { AuditRate = Rate(value, name) }; break;
                case "--wasm":
                    wasm = wasm with
                    {
                        Method = value switch
                        {
                            "quorum" => VerificationMethod.Quorum,
                            "adaptive" => VerificationMethod.AdaptiveReplication,
                            "sampled" => VerificationMethod.SampledReExecution,
                            _ => throw new ArgumentException($"--wasm must be quorum, adaptive or sampled, found \"{value}\""),
                        },
                    };
                    break;
                case "--sweep":
                    sweep = Sweepable.Contains(value) ? value : throw new ArgumentException($"--sweep must be one of {string.Join(", ", Sweepable)}, found \"{value}\"");
                    break;
                case "--values":
                    values = [.. value.Split(',').Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0
                        ? d : throw new ArgumentException($"--values must be numbers separated by commas, found \"{v}\""))];
                    break;
                default: throw new ArgumentException($"unknown option \"{name}\"");
            }
        }

        if ((sweep is null) != (values.Count == 0))
        {
            throw new ArgumentException("--sweep and --values go together");
        }

        return new VerificationArgs(seed, options, kernel, wasm, sweep, values);
    }

    /// <summary>The two policies with one swept parameter set to <paramref name="value"/>.</summary>
    public (PolicySetting Kernel, PolicySetting Wasm) With(double value) => Sweep switch
    {
        "spot-check" => (Kernel with { SpotCheckRate = value }, Wasm with { SpotCheckRate = value }),
        "reexec" => (Kernel with { AuditRate = value }, Wasm with { AuditRate = value }),
        "trust-after" => (Kernel with { TrustAfter = (int)value }, Wasm with { TrustAfter = (int)value }),
        "replicas" => (Kernel with { Replicas = (int)value }, Wasm with { Replicas = (int)value }),
        _ => (Kernel, Wasm),
    };

    private static int Int(string value, int min, int max, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, found \"{value}\"");

    private static double Rate(string value, string name) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 1
            ? d
            : throw new ArgumentException($"{name} must be a rate from 0 to 1, found \"{value}\"");
}
