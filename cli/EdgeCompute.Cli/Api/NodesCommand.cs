using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Client.Epochs;
using EdgeCompute.Client.Nodes;

namespace EdgeCompute.Cli.Api;

/// <summary>
/// <c>edgecompute nodes [--gateway G] [--owner O] [--state online|offline] [--kind device|gateway] [--json]</c>: the nodes
/// the coordinator knows, one line each, with what their owners earned in the last two closed epochs; then each listed
/// gateway's latest status report (<see cref="GatewayStatusTable"/>).
/// </summary>
internal static class NodesCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var gateway = new Option<string>("--gateway") { Description = "Only this gateway and the devices reached through it.", HelpName = "ID" };
        var owner = new Option<string>("--owner") { Description = "Only this owner's nodes.", HelpName = "ID" };
        var state = new Option<string>("--state") { Description = "Only online or only offline nodes." };
        state.AcceptOnlyFromAmong("online", "offline");
        var kind = new Option<string>("--kind") { Description = "Only devices or only gateways." };
        kind.AcceptOnlyFromAmong("device", "gateway");
        var json = new Option<bool>("--json") { Description = "Print JSON (every field the API gives, and the owners' earnings) instead of a table." };
        var token = ApiOptions.Token("optional: your nodes' exact locations in --json");
        var api = ApiOptions.Api();
        var ca = ApiOptions.Ca();
        var command = new Command("nodes", "List the nodes the coordinator knows: online or last seen, owner, gateway, kernels, reputation, tasks verified "
            + "and rejected, data quality, and what their owners earned in the last two closed epochs.") { gateway, owner, state, kind, json, token, api, ca };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var session = ApiSession.Open(parsed.GetRequiredValue(api), ApiOptions.ReadToken(parsed, token, context), context, parsed.GetValue(ca));
            var query = new NodeQuery(parsed.GetValue(gateway), parsed.GetValue(owner), parsed.GetValue(state) is { } s ? s == "online" : null, parsed.GetValue(kind));
            var nodes = await session.CallAsync(c => c.ListAllNodesAsync(query, cancellationToken)).ConfigureAwait(false);
            var epochs = await session.CallAsync(c => c.ListEpochsAsync(null, 2, cancellationToken)).ConfigureAwait(false);
            var statements = new List<EpochStatementView>();
            foreach (var epoch in epochs.Items)
            {
                statements.Add(await session.CallAsync(c => c.GetEpochStatementAsync(epoch.Id, cancellationToken)).ConfigureAwait(false));
            }

            var listings = nodes.Select(n => new NodeListing(n, [.. statements.Select(st => new EpochEarning(st.Id, EarnedBy(st, n.Owner)))])).ToList();
            if (parsed.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(listings, ApiJson.Indented)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await WriteTableAsync(context.Out, listings, statements, context.Time.GetUtcNow()).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static long EarnedBy(EpochStatementView statement, string? owner) =>
        owner is null ? 0 : statement.Payouts.Where(p => p.Owner == owner).Sum(p => p.Amount);

    private static async Task WriteTableAsync(TextWriter o, List<NodeListing> listings, List<EpochStatementView> statements, DateTimeOffset now)
    {
        if (listings.Count == 0)
        {
            await o.WriteLineAsync("No nodes match.").ConfigureAwait(false);
            return;
        }

        var earnedHeaders = statements.Select(s => "EARNED " + s.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        var rows = new List<string[]>
        {
            new[] { "NODE", "KIND", "STATE", "OWNER", "GATEWAY", "KERNELS", "REPUTATION", "VERIFIED", "REJECTED", "QUALITY" }.Concat(earnedHeaders).ToArray(),
        };
        foreach (var (node, earnings) in listings)
        {
            rows.Add(new[]
            {
                node.Id, node.Kind, State(node, now), node.Owner ?? "(unknown)", node.Gateway, node.Kernels.Count == 0 ? "-" : string.Join(',', node.Kernels),
                node.Reputation.Mean.ToString("0.00", CultureInfo.InvariantCulture), Count(node.TasksVerified), Count(node.TasksRejected), Quality(node),
            }.Concat(earnings.Select(e => Count(e.Amount))).ToArray());
        }

        await WriteRowsAsync(o, rows).ConfigureAwait(false);

        var online = listings.Count(l => l.Node.Online);
        await o.WriteLineAsync($"{listings.Count} nodes, {online} online, {listings.Count - online} offline"
            + (statements.Count == 0 ? "; no epoch closed yet (nothing earned)" : $"; EARNED is the node's owner's payout in that closed epoch, in micro-units")
            + $"; at {now.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}").ConfigureAwait(false);

        var gateways = GatewayStatusTable.Rows(listings.Select(l => l.Node), now, Ago);
        if (gateways.Count > 0)
        {
            await o.WriteLineAsync().ConfigureAwait(false);
            await WriteRowsAsync(o, [GatewayStatusTable.Header, .. gateways]).ConfigureAwait(false);
        }
    }

    private static async Task WriteRowsAsync(TextWriter o, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            await o.WriteLineAsync(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd()).ConfigureAwait(false);
        }
    }

    /// <summary><c>online</c>, or <c>offline</c> with how long ago the coordinator last heard of the node (<c>offline 3m</c>).</summary>
    private static string State(NodeView node, DateTimeOffset now) =>
        node.Online ? "online" : node.LastSeen is { } seen ? "offline " + Ago(now - seen) : "offline";

    private static string Ago(TimeSpan age) => age switch
    {
        { TotalSeconds: < 1 } => "0s",
        { TotalMinutes: < 1 } => $"{(int)age.TotalSeconds}s",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes}m",
        { TotalDays: < 1 } => $"{(int)age.TotalHours}h",
        _ => $"{(int)age.TotalDays}d",
    };

    /// <summary>A device's latest data quality score with the checks it failed (<c>0.93 stuck,gap</c>); <c>-</c> when none.</summary>
    private static string Quality(NodeView node) =>
        node.Quality is { } q
            ? q.Score.ToString("0.00", CultureInfo.InvariantCulture) + (q.FailedChecks.Count == 0 ? string.Empty : " " + string.Join(',', q.FailedChecks))
            : "-";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A node as <c>nodes --json</c> prints it.</summary>
    /// <param name="Node">The node as the API shows it.</param>
    /// <param name="Earnings">Its owner's payouts in the last closed epochs, newest first.</param>
    internal sealed record NodeListing(NodeView Node, IReadOnlyList<EpochEarning> Earnings);

    /// <summary>An owner's payout in one closed epoch.</summary>
    /// <param name="Epoch">The epoch.</param>
    /// <param name="Amount">Micro-units paid to the node's owner (0 when none or the owner is unknown).</param>
    internal sealed record EpochEarning(long Epoch, long Amount);
}
