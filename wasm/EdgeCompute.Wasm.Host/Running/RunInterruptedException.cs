namespace EdgeCompute.Wasm.Host.Running;

/// <summary>Thrown from the epoch callback to stop a run at its deadline or on cancellation.</summary>
internal sealed class RunInterruptedException(RunOutcome outcome) : Exception($"the run was stopped: {outcome}")
{
    public RunOutcome Outcome { get; } = outcome;
}
