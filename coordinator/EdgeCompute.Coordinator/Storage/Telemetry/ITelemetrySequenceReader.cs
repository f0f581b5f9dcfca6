namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>Reads how complete each device's stored frame sequence is (loss accounting from the store, never self-reported).</summary>
public interface ITelemetrySequenceReader
{
    /// <summary>One account per (device, boot) with stored frames, ordered by device then boot.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The accounts.</returns>
    Task<IReadOnlyList<SequenceAccount>> ReadSequenceAccountsAsync(CancellationToken cancellationToken = default);
}
