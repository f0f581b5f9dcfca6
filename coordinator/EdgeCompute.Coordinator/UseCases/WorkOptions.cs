using EdgeCompute.Coordinator.Domain.Pricing;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>Settings of <see cref="WorkUseCases"/>.</summary>
public sealed class WorkOptions
{
    /// <summary>Gets or sets how long a device has for one task before the slot is withdrawn and reissued.</summary>
    public TimeSpan DeviceTaskDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a gateway has for one WASM task. A task issued to a gateway that already holds k tasks (queued
    /// behind its workers) gets k + 1 times this, so waiting in the queue never makes it late.
    /// </summary>
    public TimeSpan GatewayTaskDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the most assignments (first issues and reissues) one task may take before it fails and its job is refunded.</summary>
    public int MaxAttemptsPerTask { get; set; } = 16;

    /// <summary>Gets or sets how long a job may run: past it, its undecided tasks fail (once nothing is out) and it is refunded.</summary>
    public TimeSpan JobDeadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the prices jobs are quoted, escrowed and charged at (each job keeps the rate it was accepted at).</summary>
    public PriceList Prices { get; set; } = new();

    /// <summary>Gets or sets the most open tasks looked at in one scheduling pass.</summary>
    public int TasksPerPass { get; set; } = 512;

    /// <summary>Gets or sets how many checked valid results in a row make a node trusted (adaptive replication).</summary>
    public int TrustAfter { get; set; } = 10;

    /// <summary>Gets or sets the share of a trusted node's tasks that are replicated anyway as a spot check (adaptive replication).</summary>
    public double SpotCheckRate { get; set; } = 0.1;

    /// <summary>Gets or sets the seed of the work use cases' random choices (spot checks, sampling, tie-breaks); null picks one and logs it.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Gets or sets whether each scheduling pass recounts the assignments out per node from the store instead of trusting
    /// this process's running count. Needed when several replicas share the store: results one replica takes in free
    /// capacity that the scheduling replica must see. Off for a single process, where the running count is exact.
    /// </summary>
    public bool RecountOutstandingEachPass { get; set; }

    /// <summary>
    /// Gets or sets how often a scheduling pass reads every stored reputation and detected colluding pair again, so a
    /// replica sees what another replica recorded (otherwise only when it records a result of that node itself);
    /// <see cref="TimeSpan.Zero"/> reads them only at start.
    /// </summary>
    public TimeSpan StandingsRefresh { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Copies the settings (a host that adjusts one for its deployment leaves the caller's object as it was).</summary>
    /// <returns>A new options object with the same values.</returns>
    public WorkOptions Copy() => (WorkOptions)MemberwiseClone();

    /// <summary>Checks the settings.</summary>
    /// <returns>Null when valid, else the name of the bad setting and why.</returns>
    public string? Validate() =>
        DeviceTaskDeadline <= TimeSpan.Zero ? $"{nameof(DeviceTaskDeadline)} must be positive"
        : GatewayTaskDeadline <= TimeSpan.Zero ? $"{nameof(GatewayTaskDeadline)} must be positive"
        : MaxAttemptsPerTask < 1 ? $"{nameof(MaxAttemptsPerTask)} must be at least 1"
        : JobDeadline <= TimeSpan.Zero ? $"{nameof(JobDeadline)} must be positive"
        : TasksPerPass < 1 ? $"{nameof(TasksPerPass)} must be at least 1"
        : TrustAfter < 1 ? $"{nameof(TrustAfter)} must be at least 1"
        : !(SpotCheckRate is >= 0 and <= 1) ? $"{nameof(SpotCheckRate)} must be 0 to 1"
        : StandingsRefresh < TimeSpan.Zero ? $"{nameof(StandingsRefresh)} must not be negative"
        : Prices is null ? $"{nameof(Prices)} must be set"
        : Prices.Validate() is { } prices ? $"{nameof(Prices)}: {prices}"
        : null;
}
