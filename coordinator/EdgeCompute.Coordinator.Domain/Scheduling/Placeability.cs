namespace EdgeCompute.Coordinator.Domain.Scheduling;

/// <summary>Whether a fleet can ever place a job's tasks (or can now), and if not, why.</summary>
/// <param name="CanPlace">True when every need can be met.</param>
/// <param name="Reason">The first need that cannot, as one line for people; null when <see cref="CanPlace"/>.</param>
public sealed record Placeability(bool CanPlace, string? Reason)
{
    /// <summary>Every need can be met.</summary>
    public static Placeability Yes { get; } = new(true, null);
}
