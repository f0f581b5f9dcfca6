namespace EdgeCompute.Cli.Demo;

/// <summary>The demo's summary; with <c>--json</c> it is printed as one JSON object (camelCase) on the last line.</summary>
internal sealed record DemoReport(
    int Devices,
    int Gateways,
    int Owners,
    int Seed,
    IReadOnlyList<DemoJob> Jobs,
    DemoTasks Tasks,
    DemoTelemetry Telemetry,
    DemoCheaters Cheaters,
    DemoEpoch? Epoch,
    DemoLedger Ledger,
    DemoOutputs Outputs,
    IReadOnlyList<string> Problems)
{
    /// <summary>True when the run shows a healthy network: every job completed, no reading lost, every cheater caught, an epoch paid, the ledger verified.</summary>
    public bool Healthy => Problems.Count == 0;
}

/// <summary>One job.</summary>
internal sealed record DemoJob(string Id, string Kind, string Status, string Result);

/// <summary>Task totals, read from the work store.</summary>
internal sealed record DemoTasks(long Issued, long Verified, long Rejected, long Reissued);

/// <summary>Readings: sent by the simulated devices (published and acknowledged by their gateway), stored and lost as the coordinator's store shows.</summary>
internal sealed record DemoTelemetry(long ReadingsSent, long ReadingsStored, long ReadingsLost, long FramesMissing, long ReadingsProduced);

/// <summary>Cheating devices and how many of them had a wrong result rejected.</summary>
internal sealed record DemoCheaters(int Count, int Detected, IReadOnlyList<string> Devices);

/// <summary>The closed epoch.</summary>
internal sealed record DemoEpoch(long Id, long TotalPaid, int Owners, double Gini, int Nakamoto, double TopDecileShare, string StatementRoot);

/// <summary>The ledger check (read from the store).</summary>
internal sealed record DemoLedger(long Entries, int Statements, bool Verified, string Detail);

/// <summary>Files written.</summary>
internal sealed record DemoOutputs(string? RenderPng, string? RewardsPng);
