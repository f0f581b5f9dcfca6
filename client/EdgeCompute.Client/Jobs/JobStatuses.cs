namespace EdgeCompute.Client.Jobs;

/// <summary>The job statuses the API names.</summary>
public static class JobStatuses
{
    /// <summary>Its tasks are being run and verified.</summary>
    public const string Running = "running";

    /// <summary>Every task verified; the result is ready.</summary>
    public const string Completed = "completed";

    /// <summary>Given up; the fee is refunded.</summary>
    public const string Failed = "failed";
}
