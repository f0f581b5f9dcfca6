using System.CommandLine;
using EdgeCompute.Cli.Coordinator;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Ledger;

namespace EdgeCompute.Cli.Ledger;

/// <summary>
/// <c>edgecompute ledger deposit</c>: an operator credit to an owner (<c>Deposits.Credit(Deposits.KeyFor(reference), …)</c>,
/// from <c>system:emission</c>), booked straight in the store, idempotent on the reference as <c>POST /api/deposits</c> is.
/// </summary>
internal static class LedgerDepositCommand
{
    /// <summary>The longest reference accepted (as the API's).</summary>
    public const int MaxReferenceLength = 192;

    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var fleet = new Option<DirectoryInfo>("--fleet") { Description = "The fleet folder; its coordinator.json says which owners exist.", HelpName = "DIR", Required = true };
        var store = StoreOptions.Create("The coordinator's data folder; the deposit is booked in its ledger.db (never created).");
        var owner = new Option<string>("--owner") { Description = "The owner credited, such as owner-01.", HelpName = "ID", Required = true };
        var amount = new Option<long>("--amount") { Description = "Micro-units credited (1,000,000 = one unit).", HelpName = "N", Required = true };
        amount.Validators.Add(result =>
        {
            if (OptionRanges.TryGetValue(result, out long value) && value <= 0)
            {
                result.AddError($"--amount must be positive, found {value}");
            }
        });
        var reference = new Option<string>("--reference") { Description = "The operator's reference (a payment or ticket id); booking it again books nothing.", HelpName = "R", Required = true };
        var epochLength = Durations.Create("--epoch-length", "The coordinator's epoch length, to date the deposit in the current epoch.", TimeSpan.FromDays(1), TimeSpan.FromSeconds(1));
        var command = new Command("deposit", "Credit an owner's account from system:emission, so it can fund jobs, without the API.")
        {
            fleet, store.Data, store.Postgres, owner, amount, reference, epochLength,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var location = store.Read(parsed);
            var ownerId = parsed.GetRequiredValue(owner);
            var units = parsed.GetValue(amount);
            var referenceText = CheckReference(parsed.GetRequiredValue(reference));
            var registry = RegistryFile.ReadRegistry(parsed.GetRequiredValue(fleet).FullName);
            if (!registry.Owners.ContainsKey(ownerId))
            {
                throw CommandFailedException.Configuration(
                    $"--owner {ownerId}: not an owner in the fleet's registry (owners: {Fleets.IdList.Abbreviate([.. registry.Owners.Keys.Order(StringComparer.Ordinal)])})");
            }

            var clock = new EpochClock(new EpochPolicy { EpochLength = parsed.GetValue(epochLength).Value }, context.Time);
            var key = Deposits.KeyFor(referenceText);
            var ledger = await location.OpenExistingLedgerAsync(cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                var existing = await ledger.FindByIdempotencyKeyAsync(key, cancellationToken).ConfigureAwait(false);
                if (existing is null)
                {
                    // read just before booking: opening the store can take long enough to cross into the next epoch
                    var epoch = clock.Current.Id;
                    var result = await ledger.AppendAsync([Deposits.Credit(key, AccountId.Owner(ownerId), units, epoch, "edgecompute ledger deposit")],
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                    var outcome = result.Outcomes[0];
                    if (outcome.ReasonCode == LedgerReasonCode.Booked && outcome.Entry is { } entry)
                    {
                        var balance = await ledger.ReadBalanceAsync(AccountId.Owner(ownerId), cancellationToken).ConfigureAwait(false);
                        await context.Out.WriteLineAsync(
                            $"Deposited {units} to owner:{ownerId} (reference {referenceText}): entry {entry.Sequence} in epoch {epoch}, hash {entry.Hash.ToHex()}; balance now {balance}.").ConfigureAwait(false);
                        return ExitCodes.Ok;
                    }

                    existing = outcome.Entry ?? throw CommandFailedException.Failure($"the ledger refused the deposit: {outcome.ReasonCode}");
                }

                var credit = existing.Postings.Where(p => p.Account.Kind == AccountKind.Owner && p.Amount > 0).Select(p => (Posting?)p).FirstOrDefault();
                if (credit is { } c && c.Account == AccountId.Owner(ownerId) && c.Amount == units)
                {
                    await context.Out.WriteLineAsync(
                        $"Already booked: {units} to owner:{ownerId} (reference {referenceText}) is entry {existing.Sequence}; nothing booked again.").ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                var booked = credit is { } d ? $"{d.Amount} to {d.Account}" : $"a {existing.Kind} entry";
                throw CommandFailedException.Failure(
                    $"--reference {referenceText} was booked before as {booked} (entry {existing.Sequence}); a new deposit needs a new reference");
            }
        });
        return command;
    }

    private static string CheckReference(string reference)
    {
        if (reference.Length == 0 || reference.Length > MaxReferenceLength || reference.Trim() != reference || reference.Any(char.IsControl))
        {
            throw CommandFailedException.Usage($"--reference must be 1 to {MaxReferenceLength} characters without control characters or surrounding spaces");
        }

        return reference;
    }
}
