namespace EdgeCompute.Gateway.Runtime;

/// <summary>What <see cref="GatewayNode.Readiness"/> found.</summary>
/// <param name="IsReady">Whether devices can deliver data: the broker listens and the outbox takes writes.</param>
/// <param name="Running">Whether the node is started and not stopped.</param>
/// <param name="DeviceBrokerListening">Whether the device broker is started.</param>
/// <param name="OutboxWritable">Whether the outbox accepts items (its disk is not full).</param>
/// <param name="UplinkConnected">Whether the central broker session is up; reported only, never part of <paramref name="IsReady"/>.</param>
public sealed record GatewayReadiness(bool IsReady, bool Running, bool DeviceBrokerListening, bool OutboxWritable, bool UplinkConnected);
