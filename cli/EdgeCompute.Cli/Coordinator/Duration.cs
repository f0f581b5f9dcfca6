namespace EdgeCompute.Cli.Coordinator;

/// <summary>The value of a duration option (<see cref="Durations.Create"/>); printed as the option takes it (<c>1d</c>, <c>90s</c>), so <c>--help</c> shows its default that way.</summary>
/// <param name="Value">The time span.</param>
internal readonly record struct Duration(TimeSpan Value)
{
    /// <inheritdoc/>
    public override string ToString() => Durations.Format(Value);
}
