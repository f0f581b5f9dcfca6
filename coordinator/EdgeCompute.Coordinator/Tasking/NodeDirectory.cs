using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>
/// The coordinator's view of which nodes are there and what they can do, kept in memory from what the network says:
/// gateway births and states (central broker), device births, device online/offline items and gateway status (inside
/// committed batches). Every replica builds its own from the same messages. Thread-safe.
/// Each node's last-seen time is the coordinator's clock (the <see cref="TimeProvider"/> given here) when the message
/// arrived, never the node's own clock.
/// </summary>
public sealed class NodeDirectory : INodeEventSink, IGatewayPresenceSink
{
    private readonly object _gate = new();
    private readonly NodeDirectoryOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, GatewayEntry> _gateways = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceEntry> _devices = new(StringComparer.Ordinal);
    private readonly HashSet<string> _gone = new(StringComparer.Ordinal);

    /// <summary>Creates an empty directory.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="time">The clock of last-seen times; the system clock when null.</param>
    public NodeDirectory(NodeDirectoryOptions? options = null, TimeProvider? time = null)
    {
        _options = options ?? new NodeDirectoryOptions();
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public void GatewayBirth(GatewayBirth birth)
    {
        ArgumentNullException.ThrowIfNull(birth);
        lock (_gate)
        {
            var entry = Gateway(birth.GatewayId);
            entry.Birth = birth;
            entry.Online = true;
            entry.Silent = false;
            entry.Seen(_time.GetUtcNow());
        }
    }

    /// <inheritdoc />
    public void GatewayState(string gatewayId, bool online)
    {
        lock (_gate)
        {
            var entry = Gateway(gatewayId);
            if (entry.Online && !online)
            {
                _gone.Add(gatewayId); // its will, or its clean stop
            }

            entry.Online = online;
            entry.Silent = false;
            entry.Seen(_time.GetUtcNow());
        }
    }

    /// <inheritdoc />
    public void GatewayStatus(string gatewayId, GatewayStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_gate)
        {
            var entry = Gateway(gatewayId);
            var now = _time.GetUtcNow();
            entry.Status = new GatewayStatusReport(status, now);
            Heard(entry, now);
        }
    }

    /// <inheritdoc />
    public void DeviceBirth(string gatewayId, string deviceId, uint boot, DeviceBirth birth)
    {
        ArgumentNullException.ThrowIfNull(birth);
        lock (_gate)
        {
            var entry = Device(deviceId);
            entry.GatewayId = gatewayId;
            entry.Kernels = new HashSet<string>(birth.Kernels, StringComparer.Ordinal);
            entry.Online = true;
            entry.Boot = boot;
            entry.Seen(_time.GetUtcNow());
        }
    }

    /// <inheritdoc />
    public void DeviceState(string gatewayId, DeviceStateItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            var entry = Device(item.DeviceId);
            entry.Seen(_time.GetUtcNow()); // heard of, even when the item itself is stale
            if (item.TimeMs < entry.StateTimeMs)
            {
                return; // an older report arriving late
            }

            entry.StateTimeMs = item.TimeMs;
            entry.GatewayId = gatewayId;
            entry.Online = item.Online;
        }
    }

    /// <inheritdoc />
    public void BatchCommitted(string gatewayId, IReadOnlyCollection<string> deviceIds)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            Heard(Gateway(gatewayId), now);
            foreach (var deviceId in deviceIds)
            {
                // Only compute nodes (a birth or state heard of): a device that only sends telemetry is not one.
                if (_devices.TryGetValue(deviceId, out var device))
                {
                    device.Seen(now);
                }
            }
        }
    }

    /// <summary>
    /// Marks every online gateway silent for longer than <see cref="NodeDirectoryOptions.GatewaySilenceLimit"/> (on this
    /// directory's clock) offline, and hands over the gateways that went offline since the last call — by falling silent,
    /// by their will or by their state — so the scheduler reissues the open assignments held by them and their devices at
    /// once instead of at the assignments' deadlines. The scheduler calls it at the start of each pass.
    /// </summary>
    /// <returns>The gateways gone offline, ordered by id; each once per going.</returns>
    public IReadOnlyList<string> TakeGatewaysGone()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var (id, gateway) in _gateways)
            {
                if (gateway.Online && !IsOnline(gateway, now))
                {
                    gateway.Online = false;
                    gateway.Silent = true;
                    _gone.Add(id);
                }
            }

            if (_gone.Count == 0)
            {
                return [];
            }

            var gone = _gone.Order(StringComparer.Ordinal).ToList();
            _gone.Clear();
            return gone;
        }
    }

    /// <summary>
    /// Takes in the devices the store knew before this process started (their last birth and state), so a restarted
    /// coordinator gives them work once their gateway is back, without waiting for each device to be born again. A device
    /// this directory heard of already is left as it is: what the network said since the start is newer.
    /// </summary>
    /// <param name="records">The stored devices.</param>
    /// <param name="include">Which devices to take (the caller leaves out unknown and revoked ones).</param>
    /// <returns>How many devices were taken in, and how many of those had a birth that could not be read (taken without capabilities).</returns>
    public (int Restored, int UnreadableBirths) Restore(IEnumerable<DeviceNodeRecord> records, Func<string, bool> include)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(include);
        int restored = 0, unreadable = 0;
        lock (_gate)
        {
            foreach (var record in records)
            {
                if (_devices.ContainsKey(record.DeviceId) || !include(record.DeviceId))
                {
                    continue;
                }

                var entry = Device(record.DeviceId);
                entry.GatewayId = record.GatewayId;
                entry.Boot = record.Boot;
                entry.Online = record.Online;
                entry.StateTimeMs = record.StateTimeMs;
                if (record.Birth is { } body)
                {
                    if (DeviceBirthCodec.Decode(body).TryGetValue(out var birth))
                    {
                        entry.Kernels = new HashSet<string>(birth.Kernels, StringComparer.Ordinal);
                    }
                    else
                    {
                        unreadable++;
                    }
                }

                restored++;
            }
        }

        return (restored, unreadable);
    }

    /// <summary>
    /// Takes in the last-seen times the store kept (see <see cref="INodeSeenReader"/>), so a restarted coordinator does not
    /// show a node it had heard of as never seen. A time only moves forward: a node heard of since the start keeps its
    /// newer time. Call it after <see cref="Restore"/>: only devices the directory knows (a birth or a state) take a time, as
    /// live (see <see cref="BatchCommitted"/>).
    /// </summary>
    /// <param name="records">The stored times.</param>
    /// <param name="include">Which nodes to take, by id and whether it is a gateway (the caller leaves out unknown and revoked ones).</param>
    /// <returns>How many nodes' times were taken in.</returns>
    public int RestoreLastSeen(IEnumerable<NodeSeenRecord> records, Func<string, bool, bool> include)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(include);
        var restored = 0;
        lock (_gate)
        {
            foreach (var record in records)
            {
                var seen = DateTimeOffset.FromUnixTimeMilliseconds(record.SeenMs);
                if (!include(record.NodeId, record.IsGateway))
                {
                    continue;
                }

                if (record.IsGateway)
                {
                    Gateway(record.NodeId).Seen(seen);
                }
                else if (_devices.TryGetValue(record.NodeId, out var device))
                {
                    device.Seen(seen);
                }
                else
                {
                    continue;
                }

                restored++;
            }
        }

        return restored;
    }

    /// <summary>
    /// Takes in the gateways' statuses the store kept (see <see cref="IGatewayStatusReader"/>), so a restarted coordinator
    /// knows what each gateway last reported. A status received since the start is newer and stays.
    /// </summary>
    /// <param name="records">The stored statuses.</param>
    /// <returns>How many were taken in.</returns>
    public int RestoreGatewayStatus(IEnumerable<GatewayStatusRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var restored = 0;
        lock (_gate)
        {
            foreach (var record in records)
            {
                var entry = Gateway(record.GatewayId);
                var at = DateTimeOffset.FromUnixTimeMilliseconds(record.TimeMs);
                if (entry.Status is null || entry.Status.ReceivedAt < at)
                {
                    entry.Status = new GatewayStatusReport(record.Status, at);
                    entry.Seen(at);
                    restored++;
                }
            }
        }

        return restored;
    }

    /// <summary>A gateway's latest status and when it came (live, or restored from the store at start).</summary>
    /// <param name="gatewayId">The gateway.</param>
    /// <returns>The status, or null when the gateway never reported one.</returns>
    public GatewayStatusReport? GatewayStatusOf(string gatewayId)
    {
        ArgumentNullException.ThrowIfNull(gatewayId);
        lock (_gate)
        {
            return _gateways.TryGetValue(gatewayId, out var entry) ? entry.Status : null;
        }
    }

    /// <summary>Takes a snapshot of every known node.</summary>
    /// <returns>Gateways and devices, ordered by id.</returns>
    public IReadOnlyList<NodeInfo> Snapshot()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var nodes = new List<NodeInfo>(_gateways.Count + _devices.Count);
            foreach (var (id, gateway) in _gateways)
            {
                var kernels = new HashSet<string>(gateway.Birth?.Kernels ?? [], StringComparer.Ordinal);
                if (gateway.Birth?.WasmSupport == true)
                {
                    kernels.Add(KernelNames.Wasm);
                }

                nodes.Add(new NodeInfo(id, true, id, IsOnline(gateway, now) && gateway.Birth is not null, kernels, GatewaySlots(gateway), gateway.Birth?.Geohash ?? "",
                    gateway.LastSeen));
            }

            foreach (var (id, device) in _devices)
            {
                var gatewayOnline = device.GatewayId is { } g && _gateways.TryGetValue(g, out var gateway) && IsOnline(gateway, now);
                var geohash = device.GatewayId is { } h && _gateways.TryGetValue(h, out var home) ? home.Birth?.Geohash ?? "" : "";
                nodes.Add(new NodeInfo(id, false, device.GatewayId ?? "", device.Online && gatewayOnline && device.Kernels.Count > 0, device.Kernels,
                    _options.DeviceTaskSlots, geohash, device.LastSeen));
            }

            nodes.Sort((a, b) => string.CompareOrdinal(a.NodeId, b.NodeId));
            return nodes;
        }
    }

    /// <summary>Ids of the online WASM-capable gateways whose geohash starts with <paramref name="geohashPrefix"/> (data locality).</summary>
    /// <param name="geohashPrefix">The region; empty matches every gateway.</param>
    /// <returns>The gateway ids, ordered.</returns>
    public IReadOnlyList<string> GatewaysInRegion(string geohashPrefix)
    {
        ArgumentNullException.ThrowIfNull(geohashPrefix);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return [.. _gateways.Where(g => IsOnline(g.Value, now) && g.Value.Birth is { WasmSupport: true } b && b.Geohash.StartsWith(geohashPrefix, StringComparison.Ordinal))
                .Select(g => g.Key).Order(StringComparer.Ordinal)];
        }
    }

    // A live message (status, batch) from a gateway taken for dead by its silence brings it back; one taken offline by its
    // will or state comes back by its birth or online state only (a batch may be delivered after the will).
    private static void Heard(GatewayEntry gateway, DateTimeOffset now)
    {
        gateway.Seen(now);
        if (gateway.Silent)
        {
            gateway.Online = true;
            gateway.Silent = false;
        }
    }

    // Online, and not silent past the limit: a replica that does not schedule (and so never sweeps) reports the same.
    private bool IsOnline(GatewayEntry gateway, DateTimeOffset now) =>
        gateway.Online && !(gateway.LastSeen is { } seen && now - seen > _options.GatewaySilenceLimit);

    private int GatewaySlots(GatewayEntry gateway)
    {
        var cores = (int)Math.Max(1, gateway.Birth?.Cores ?? 1);
        var idle = gateway.Status is { Status: var status } ? Math.Max(1, cores * (int)Math.Min(1000, status.IdleCpuPermille) / 1000) : cores;
        return Math.Min(_options.MaxGatewayTaskSlots, idle + _options.GatewayQueuedTaskSlots);
    }

    private GatewayEntry Gateway(string id)
    {
        if (!_gateways.TryGetValue(id, out var entry))
        {
            _gateways[id] = entry = new GatewayEntry();
        }

        return entry;
    }

    private DeviceEntry Device(string id)
    {
        if (!_devices.TryGetValue(id, out var entry))
        {
            _devices[id] = entry = new DeviceEntry();
        }

        return entry;
    }
}
