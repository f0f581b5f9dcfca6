using System.Collections.Concurrent;

namespace EdgeCompute.Coordinator.Ingest;

/// <summary>
/// In-process counters of the ingest: batch outcomes, frame outcomes, bad device MACs per (gateway, device), and the
/// gateways marked suspect because bad MACs span <see cref="BatchIngestorOptions.SuspectDeviceThreshold"/> or more of
/// their devices (a gateway altering the frames it forwards breaks many devices' MACs; one broken device breaks one).
/// </summary>
public sealed class IngestCounters
{
    private readonly ConcurrentDictionary<IngestOutcome, long> _batches = new();
    private readonly ConcurrentDictionary<FrameCount, long> _frames = new();
    private readonly ConcurrentDictionary<(string GatewayId, string DeviceId), long> _badMacs = new();
    private readonly ConcurrentDictionary<string, bool> _suspects = new();

    /// <summary>Gets how many batches ended with an outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The count.</returns>
    public long Batches(IngestOutcome outcome) => _batches.GetValueOrDefault(outcome);

    /// <summary>Gets how many frames or items were counted under a name.</summary>
    /// <param name="count">The name.</param>
    /// <returns>The count.</returns>
    public long Frames(FrameCount count) => _frames.GetValueOrDefault(count);

    /// <summary>Gets the bad-MAC count of one (gateway, device) pair.</summary>
    /// <param name="gatewayId">The gateway.</param>
    /// <param name="deviceId">The device.</param>
    /// <returns>The count.</returns>
    public long BadMacs(string gatewayId, string deviceId) => _badMacs.GetValueOrDefault((gatewayId, deviceId));

    /// <summary>Gets every (gateway, device) pair with bad MACs and its count.</summary>
    public IReadOnlyDictionary<(string GatewayId, string DeviceId), long> BadMacPairs => new Dictionary<(string, string), long>(_badMacs);

    /// <summary>Gets the gateways marked suspect.</summary>
    public IReadOnlyCollection<string> SuspectGateways => [.. _suspects.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Whether a gateway is marked suspect.</summary>
    /// <param name="gatewayId">The gateway.</param>
    /// <returns>True when suspect.</returns>
    public bool IsSuspect(string gatewayId) => _suspects.ContainsKey(gatewayId);

    internal void Count(IngestOutcome outcome) => _batches.AddOrUpdate(outcome, 1, (_, v) => v + 1);

    internal void Count(FrameCount count, long amount = 1)
    {
        if (amount != 0)
        {
            _frames.AddOrUpdate(count, amount, (_, v) => v + amount);
        }
    }

    /// <summary>Counts a bad MAC; returns true when this marks the gateway suspect for the first time.</summary>
    internal bool CountBadMac(string gatewayId, string deviceId, int suspectThreshold)
    {
        Count(FrameCount.BadMac);
        _badMacs.AddOrUpdate((gatewayId, deviceId), 1, (_, v) => v + 1);
        var devices = _badMacs.Keys.Count(k => k.GatewayId == gatewayId);
        return devices >= suspectThreshold && _suspects.TryAdd(gatewayId, true);
    }
}
