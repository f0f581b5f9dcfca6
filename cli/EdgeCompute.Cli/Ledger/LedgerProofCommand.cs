using System.CommandLine;
using EdgeCompute.Cli.Coordinator;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Ledger;

/// <summary><c>edgecompute ledger proof OWNER EPOCH</c>: an owner's Merkle inclusion proof in an epoch's statement, checked against its root.</summary>
internal static class LedgerProofCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var store = StoreOptions.Create("The coordinator's data folder; its ledger.db is read (never created).");
        var owner = new Argument<string>("OWNER") { Description = "The owner id (for example owner-01)." };
        var epoch = new Argument<long>("EPOCH") { Description = "The epoch id." };
        var command = new Command("proof", "Print an owner's payout in an epoch with its Merkle inclusion proof, verified against the statement's root; exit 1 when it does not verify.")
        {
            owner, epoch, store.Data, store.Postgres,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var ledger = await store.Read(parsed).OpenExistingLedgerAsync(cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                var (who, id) = (parsed.GetRequiredValue(owner), parsed.GetValue(epoch));
                var statement = await ledger.ReadStatementAsync(id, cancellationToken).ConfigureAwait(false)
                    ?? throw CommandFailedException.Failure($"epoch {id} has no statement in this ledger (not closed yet?)");
                var line = statement.Payouts.FirstOrDefault(p => p.Owner == who)
                    ?? throw CommandFailedException.Failure($"{who} has no payout in epoch {id} ({statement.Payouts.Length} owners were paid)");
                if (!statement.BuildTree().TryGetProof(who, out var proof) || proof is null)
                {
                    throw CommandFailedException.Failure($"no proof could be built for {who} in epoch {id}");
                }

                var verified = proof.Verify(statement.MerkleRoot.AsSpan(), line.Owner, line.Amount);
                await context.Out.WriteLineAsync($"epoch {id}: {line.Owner} was paid {line.Amount} µ (leaf {proof.LeafIndex} of {proof.LeafCount})").ConfigureAwait(false);
                await context.Out.WriteLineAsync($"root     {Convert.ToHexStringLower([.. statement.MerkleRoot])}").ConfigureAwait(false);
                foreach (var sibling in proof.Siblings)
                {
                    await context.Out.WriteLineAsync($"sibling  {Convert.ToHexStringLower([.. sibling])}").ConfigureAwait(false);
                }

                await context.Out.WriteLineAsync(verified ? "proof verifies against the statement's root" : "PROOF DOES NOT VERIFY").ConfigureAwait(false);
                return verified ? ExitCodes.Ok : ExitCodes.Failure;
            }
        });
        return command;
    }
}
