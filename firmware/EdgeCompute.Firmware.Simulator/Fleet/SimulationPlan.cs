using EdgeCompute.Firmware.Simulator.Behaviours;

namespace EdgeCompute.Firmware.Simulator.Fleet;

/// <summary>
/// Which devices misbehave and how often. Fractions pick devices at random from the fleet seed (lazy and cheater
/// sets are disjoint; flaky and rebooting are picked independently); <see cref="Explicit"/> names devices whose
/// behaviour is fixed, overriding the fractions for them.
/// </summary>
public sealed class SimulationPlan
{
    /// <summary>Gets or sets the share of devices that drop their tasks (default 0).</summary>
    public double LazyFraction { get; set; }

    /// <summary>Gets or sets the share of devices that answer wrongly (default 0).</summary>
    public double CheaterFraction { get; set; }

    /// <summary>Gets or sets the share of devices with a flaky link (default 0).</summary>
    public double FlakyLinkFraction { get; set; }

    /// <summary>Gets or sets the share of devices that reboot now and then (default 0).</summary>
    public double RebootFraction { get; set; }

    /// <summary>Gets the devices with a fixed behaviour, by id.</summary>
    public IDictionary<string, DeviceBehavior> Explicit { get; } = new Dictionary<string, DeviceBehavior>(StringComparer.Ordinal);

    /// <summary>Gets or sets the share of a cheater's successful results it falsifies (default 1).</summary>
    public double CheatRate { get; set; } = 1;

    /// <summary>Gets or sets the share of a flaky device's publishes refused before reaching the broker (default 0.1).</summary>
    public double PublishRefusalRate { get; set; } = 0.1;

    /// <summary>Gets or sets how often a flaky device loses its link, per hour of simulated time (default 6).</summary>
    public double DisconnectsPerHour { get; set; } = 6;

    /// <summary>Gets or sets how often a rebooting device reboots, per hour of simulated time (default 1).</summary>
    public double RebootsPerHour { get; set; } = 1;

    /// <summary>
    /// Gets or sets whether reboots are power losses (default true): the ring and the open window are lost (counted)
    /// and the link drops. When false a reboot is a clean restart that seals the open window and keeps the ring.
    /// </summary>
    public bool RebootLosesPower { get; set; } = true;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public void Validate()
    {
        Share(LazyFraction, nameof(LazyFraction));
        Share(CheaterFraction, nameof(CheaterFraction));
        Share(FlakyLinkFraction, nameof(FlakyLinkFraction));
        Share(RebootFraction, nameof(RebootFraction));
        Share(CheatRate, nameof(CheatRate));
        Share(PublishRefusalRate, nameof(PublishRefusalRate));
        if (LazyFraction + CheaterFraction > 1)
        {
            throw new ArgumentException("SimulationPlan.LazyFraction + CheaterFraction must not exceed 1");
        }

        if (!(DisconnectsPerHour >= 0) || double.IsInfinity(DisconnectsPerHour))
        {
            throw new ArgumentException("SimulationPlan.DisconnectsPerHour must be a finite number ≥ 0");
        }

        if (!(RebootsPerHour >= 0) || double.IsInfinity(RebootsPerHour))
        {
            throw new ArgumentException("SimulationPlan.RebootsPerHour must be a finite number ≥ 0");
        }

        foreach (var (id, behavior) in Explicit)
        {
            if ((behavior & (DeviceBehavior.Lazy | DeviceBehavior.Cheater)) == (DeviceBehavior.Lazy | DeviceBehavior.Cheater))
            {
                throw new ArgumentException($"SimulationPlan.Explicit[{id}]: a device is lazy or a cheater, not both");
            }
        }
    }

    private static void Share(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentException($"SimulationPlan.{name} must be in [0, 1]");
        }
    }
}
