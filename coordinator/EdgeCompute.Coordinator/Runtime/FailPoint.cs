using System.Diagnostics;

namespace EdgeCompute.Coordinator.Runtime;

/// <summary>
/// Test-only fault injection. When the environment variable <see cref="Variable"/> names a point the process reaches,
/// the process kills itself there (SIGKILL on Linux: nothing flushed, no transaction committed), as a power cut or an
/// OOM kill would. Unset (always, outside the fault tests) it does nothing.
/// </summary>
public static class FailPoint
{
    /// <summary>The environment variable naming the armed point.</summary>
    public const string Variable = "EDGECOMPUTE_FAILPOINT";

    /// <summary>Inside the epoch close's transaction: payouts and statement written, nothing committed.</summary>
    public const string EpochCloseBeforeCommit = "epoch-close-before-commit";

    /// <summary>Right after the epoch close committed, before anyone was told.</summary>
    public const string EpochCloseAfterCommit = "epoch-close-after-commit";

    private static readonly string? Armed = Environment.GetEnvironmentVariable(Variable);

    /// <summary>Kills the process when <paramref name="point"/> is the armed point.</summary>
    /// <param name="point">The point reached.</param>
    public static void Reach(string point)
    {
        if (Armed is null || !string.Equals(Armed, point, StringComparison.Ordinal)) return;
        Console.Error.WriteLine($"{Variable}={point}: killing the process here");
        Console.Error.Flush();
        using var self = Process.GetCurrentProcess();
        self.Kill();
        Thread.Sleep(Timeout.Infinite);
    }
}
