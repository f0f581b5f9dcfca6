namespace EdgeCompute.Client.Jobs;

/// <summary>The job statuses the API names.</summary>
public static class JobStatuses
{
    /// <summary>Its tasks are being run and verified.</summary>
    public const string Running = "running";

    /// <summary>
    /// Running, but the nodes online now cannot place its open tasks (too few of diverse owners running its kernel, or its
    /// pinned gateway offline); it goes on when they come online. The job view's <c>waiting</c> says why.
    /// </summary>
    public const string WaitingForNodes = "waiting for nodes";

    /// <summary>Every task verified; the result is ready.</summary>
    public const string Completed = "completed";

    /// <summary>Given up; the fee is refunded.</summary>
    public const string Failed = "failed";

    /// <summary>Cancelled by its submitter or the operator; verified work paid, the rest of the fee refunded.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Whether a job in <paramref name="status"/> is over (completed, failed or cancelled).</summary>
    /// <param name="status">The status.</param>
    /// <returns>True when it will not change again.</returns>
    public static bool IsFinal(string? status) => status is Completed or Failed or Cancelled;
}
