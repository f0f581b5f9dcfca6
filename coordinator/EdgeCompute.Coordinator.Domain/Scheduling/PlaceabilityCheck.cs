using System.Globalization;
using EdgeCompute.Coordinator.Domain.Jobs;

namespace EdgeCompute.Coordinator.Domain.Scheduling;

/// <summary>
/// Can a fleet ever meet a job's <see cref="PlacementNeed"/>s? The scheduler's rules without its moment: a node is
/// eligible if it is of the need's target and runs the kernel (a node that never announced its kernels might); a need of
/// k nodes is met if k eligible nodes are pairwise diverse (<see cref="Scheduler.AreDiverse"/>). Capacity and reputation
/// are left out: they change with time, the fleet's owners and kernels do not. Asked of the whole registry it tells a job
/// that can never run (refused at submit); asked of the online nodes, a job that waits for nodes.
/// </summary>
public static class PlaceabilityCheck
{
    /// <summary>Checks needs against nodes.</summary>
    /// <param name="needs">The job's needs.</param>
    /// <param name="nodes">The registered nodes.</param>
    /// <param name="onlineOnly">Count only nodes online now.</param>
    /// <returns><see cref="Placeability.Yes"/>, or the first need that cannot be met and why.</returns>
    public static Placeability Check(IReadOnlyList<PlacementNeed> needs, IReadOnlyList<FleetNode> nodes, bool onlineOnly)
    {
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(nodes);
        foreach (var need in needs)
        {
            if (Check(need, nodes, onlineOnly) is { CanPlace: false } no)
            {
                return no;
            }
        }

        return Placeability.Yes;
    }

    private static Placeability Check(PlacementNeed need, IReadOnlyList<FleetNode> nodes, bool onlineOnly)
    {
        var where = onlineOnly ? "online" : "registered";
        var noun = need.Target == TaskTarget.Gateway ? "gateway" : "device";
        var ofTarget = nodes.Where(n => n.IsGateway == (need.Target == TaskTarget.Gateway) && (!onlineOnly || n.Online)).ToList();
        var eligible = ofTarget.Where(n => n.Kernels is null || n.Kernels.Contains(need.Kernel)).ToList();
        if (eligible.Count == 0)
        {
            var announced = ofTarget.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" ({ofTarget.Count} {noun}(s) {where}, none announced it)");
            return new Placeability(false, $"no {where} {noun} runs the {need.Kernel} kernel{announced}");
        }

        var pairs = eligible.Select(n => (n.Owner, n.GatewayOwner)).Distinct().OrderBy(p => p.Owner, StringComparer.Ordinal)
            .ThenBy(p => p.GatewayOwner, StringComparer.Ordinal).ToList();
        var most = MostDiverse(pairs, need.DiverseNodes);
        if (most >= need.DiverseNodes)
        {
            return Placeability.Yes;
        }

        var owners = eligible.Select(n => n.Owner).Distinct().Order(StringComparer.Ordinal).ToList();
        return new Placeability(false, string.Create(CultureInfo.InvariantCulture,
            $"{need.Why} needs {need.DiverseNodes} {noun}s running {need.Kernel} of distinct owners (none owning another's gateway); the {where} fleet has at most {most} ({owners.Count} eligible owner(s): {string.Join(", ", owners)})"));
    }

    /// <summary>The size of the largest pairwise-diverse set of (owner, gateway owner) pairs, searched up to <paramref name="wanted"/>.</summary>
    /// <remarks>
    /// An exact search with backtracking over the distinct pairs (few: owners × gateway owners). Past a step budget it
    /// stops and answers <paramref name="wanted"/>, so a fleet too large to search is never refused by this check.
    /// </remarks>
    internal static int MostDiverse(IReadOnlyList<(string Owner, string GatewayOwner)> pairs, int wanted)
    {
        var budget = 200_000;
        var best = 0;
        var chosen = new List<(string Owner, string GatewayOwner)>(wanted);

        bool Search(int from)
        {
            best = Math.Max(best, chosen.Count);
            if (best >= wanted || --budget <= 0)
            {
                return true;
            }

            for (var i = from; i < pairs.Count; i++)
            {
                if (chosen.Count + (pairs.Count - i) <= best)
                {
                    break;
                }

                if (chosen.TrueForAll(c => Scheduler.AreDiverse(c, pairs[i])))
                {
                    chosen.Add(pairs[i]);
                    var stop = Search(i + 1);
                    chosen.RemoveAt(chosen.Count - 1);
                    if (stop)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        Search(0);
        return budget <= 0 ? wanted : best;
    }
}
