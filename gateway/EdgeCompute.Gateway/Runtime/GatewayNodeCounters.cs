using EdgeCompute.Gateway.DeviceBroker;
using EdgeCompute.Gateway.Dispatch;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Uplink;

namespace EdgeCompute.Gateway.Runtime;

/// <summary>A snapshot of a running <see cref="GatewayNode"/>'s counters (non-zero counts only in the dictionaries).</summary>
/// <param name="Ingest">Device messages by ingest outcome.</param>
/// <param name="Refusals">Refusals the device broker made itself (authentication, ACL, rate).</param>
/// <param name="Outbox">The outbox's sizes and counters.</param>
/// <param name="Uplink">Uplink events (connects, batches sent and resent, acks and tasks accepted or dropped).</param>
/// <param name="Dispatch">Task dispatch events (delivered, handed back by reason, results matched).</param>
/// <param name="PendingTasks">Tasks sent to devices and waiting for their result.</param>
/// <param name="UplinkConnected">Whether the central broker session is up.</param>
public sealed record GatewayNodeCounters(
    IReadOnlyDictionary<IngestOutcome, long> Ingest,
    IReadOnlyDictionary<BrokerRefusal, long> Refusals,
    OutboxCounters Outbox,
    IReadOnlyDictionary<UplinkEvent, long> Uplink,
    IReadOnlyDictionary<DispatchEvent, long> Dispatch,
    int PendingTasks,
    bool UplinkConnected);
