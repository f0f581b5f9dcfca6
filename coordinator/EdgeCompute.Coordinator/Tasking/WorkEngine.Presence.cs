using EdgeCompute.Coordinator.Domain.Work;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Tasking;

public sealed partial class WorkEngine
{
    // Enough for any gateway's open work (its own slots and its devices' queues); what is left waits for the deadlines.
    private const int GoneGatewayWithdrawLimit = 4096;

    /// <summary>
    /// Withdraws the open assignments held by the gateways gone offline since the last pass (their will, their state or
    /// their silence, see <see cref="NodeDirectory.TakeGatewaysGone"/>) and by their devices, so this pass reissues them to
    /// other nodes at once: a dead gateway will neither deliver them nor hand them back. Under the engine's lock.
    /// </summary>
    private async Task<int> WithdrawFromGoneGatewaysAsync(CancellationToken cancellationToken)
    {
        var withdrawn = 0;
        foreach (var gatewayId in _nodes.TakeGatewaysGone())
        {
            var held = await _store.ReadIssuedViaGatewayAsync(gatewayId, GoneGatewayWithdrawLimit, cancellationToken).ConfigureAwait(false);
            var count = 0;
            foreach (var assignment in held)
            {
                if (await _store.SetAssignmentStateAsync(assignment.TaskId, assignment.Slot, assignment.NodeId, AssignmentState.Issued, AssignmentState.Withdrawn,
                        cancellationToken).ConfigureAwait(false))
                {
                    AddOutstanding(assignment.NodeId, -1);
                    Counters.Count(WorkCounter.AssignmentGatewayGone);
                    count++;
                }
            }

            _logger.LogInformation("Gateway {Gateway} went offline: withdrew {Count} open assignments held by it and its devices, to reissue", gatewayId, count);
            withdrawn += count;
        }

        return withdrawn;
    }
}
