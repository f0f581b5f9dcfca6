namespace EdgeCompute.Wasm.Host.Running;

/// <summary>How one run ended, its output and its cost.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Output">The output; empty unless <see cref="RunOutcome.Ok"/>.</param>
/// <param name="Fuel">Fuel used (the whole budget when it ran out); deterministic for the same module, input and limits.</param>
/// <param name="Message">What went wrong, for people; empty on success.</param>
public sealed record RunResult(RunOutcome Outcome, ReadOnlyMemory<byte> Output, ulong Fuel, string Message)
{
    /// <summary>True when the run completed.</summary>
    public bool IsSuccess => Outcome == RunOutcome.Ok;

    internal static RunResult Failed(RunOutcome outcome, string message, ulong fuel) => new(outcome, ReadOnlyMemory<byte>.Empty, fuel, message);
}
