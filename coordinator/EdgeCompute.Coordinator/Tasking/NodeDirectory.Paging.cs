using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>Pages over the directory without a snapshot of every node: what <c>GET /api/nodes</c> reads.</summary>
public sealed partial class NodeDirectory
{
    // Every known node by id (ordinal), gateways before devices of the same id. Nodes are never removed, so the list only
    // needs sorting again when the count of entries changed (a node was first heard of).
    private (string Id, bool IsGateway)[] _ordered = [];

    /// <summary>
    /// One page of the nodes <paramref name="filter"/> keeps, in id order: after the node <paramref name="after"/> (a
    /// cursor: the previous page's last id; from the first when null), then past <paramref name="skip"/> more. Reads the
    /// directory under its lock once, builds a <see cref="NodeInfo"/> only for the page's nodes, and counts the rest. The
    /// nodes are those <see cref="Snapshot"/> gives, with the same values. A cursor names a node by id alone: ids are unique
    /// across gateways and devices in a provisioned fleet (were one shared, the device would follow the gateway and a page
    /// ending on the gateway would pass over the device).
    /// </summary>
    /// <param name="filter">Which nodes to keep.</param>
    /// <param name="after">Only nodes whose id sorts after this one (ordinal); null for no cursor.</param>
    /// <param name="skip">How many kept nodes (after the cursor) to pass over; 0 or more.</param>
    /// <param name="limit">The most nodes on the page; 1 or more.</param>
    /// <returns>The page, the count of kept nodes, how many come before the page and whether more come after.</returns>
    public NodeDirectoryPage Page(NodeFilter filter, string? after, int skip, int limit)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var items = new List<NodeInfo>(Math.Min(limit, 1_000));
            int total = 0, before = 0;
            var more = false;
            foreach (var (id, isGateway) in Ordered())
            {
                if (!Keeps(filter, id, isGateway, now))
                {
                    continue;
                }

                total++;
                if (after is not null && string.CompareOrdinal(id, after) <= 0)
                {
                    before++;
                }
                else if (skip > 0)
                {
                    skip--;
                    before++;
                }
                else if (items.Count < limit)
                {
                    items.Add(isGateway ? GatewayInfo(id, _gateways[id], now) : DeviceInfo(id, _devices[id], now));
                }
                else
                {
                    more = true;
                }
            }

            return new NodeDirectoryPage(items, total, before, more);
        }
    }

    private (string Id, bool IsGateway)[] Ordered()
    {
        if (_ordered.Length != _gateways.Count + _devices.Count)
        {
            var ordered = new (string Id, bool IsGateway)[_gateways.Count + _devices.Count];
            var i = 0;
            foreach (var id in _gateways.Keys)
            {
                ordered[i++] = (id, true);
            }

            foreach (var id in _devices.Keys)
            {
                ordered[i++] = (id, false);
            }

            Array.Sort(ordered, (a, b) => string.CompareOrdinal(a.Id, b.Id) is var c and not 0 ? c : b.IsGateway.CompareTo(a.IsGateway));
            _ordered = ordered;
        }

        return _ordered;
    }

    private bool Keeps(NodeFilter filter, string id, bool isGateway, DateTimeOffset now)
    {
        if (filter.IsGateway is { } kind && kind != isGateway)
        {
            return false;
        }

        if (isGateway)
        {
            var gateway = _gateways[id];
            return (filter.Gateway is null || filter.Gateway == id)
                && (filter.Online is not { } online || online == GatewayOnline(gateway, now))
                && (filter.Include is null || filter.Include(id, true));
        }

        var device = _devices[id];
        return (filter.Gateway is null || filter.Gateway == (device.GatewayId ?? ""))
            && (filter.Online is not { } on || on == DeviceOnline(device, now))
            && (filter.Include is null || filter.Include(id, false));
    }

    private NodeInfo GatewayInfo(string id, GatewayEntry gateway, DateTimeOffset now)
    {
        var kernels = new HashSet<string>(gateway.Birth?.Kernels ?? [], StringComparer.Ordinal);
        if (gateway.Birth?.WasmSupport == true)
        {
            kernels.Add(KernelNames.Wasm);
        }

        return new NodeInfo(id, true, id, GatewayOnline(gateway, now), kernels, GatewaySlots(gateway), gateway.Birth?.Geohash ?? "", gateway.LastSeen);
    }

    private NodeInfo DeviceInfo(string id, DeviceEntry device, DateTimeOffset now)
    {
        var geohash = device.GatewayId is { } h && _gateways.TryGetValue(h, out var home) ? home.Birth?.Geohash ?? "" : "";
        return new NodeInfo(id, false, device.GatewayId ?? "", DeviceOnline(device, now), device.Kernels, _options.DeviceTaskSlots, geohash, device.LastSeen);
    }

    // A gateway is online once born and while neither its will, its state nor its silence says otherwise.
    private bool GatewayOnline(GatewayEntry gateway, DateTimeOffset now) => IsOnline(gateway, now) && gateway.Birth is not null;

    // A device is online while its gateway says so, its gateway is online (its silence counts, its birth does not: a restored
    // device's gateway may not have been born again yet) and it has told what it runs.
    private bool DeviceOnline(DeviceEntry device, DateTimeOffset now) =>
        device.Online && device.GatewayId is { } g && _gateways.TryGetValue(g, out var gateway) && IsOnline(gateway, now) && device.Kernels.Count > 0;
}
