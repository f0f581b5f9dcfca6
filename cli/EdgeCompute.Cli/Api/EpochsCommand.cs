using System.CommandLine;
using System.Text.Json;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Client.Owners;
using EdgeCompute.Client.Proofs;

namespace EdgeCompute.Cli.Api;

/// <summary>
/// <c>edgecompute epochs [ID] [--proof OWNER --owner-file FILE]</c>: closed epochs, one signed statement, or an owner's
/// payout proof checked on this side with the coordinator key pinned in the owner's file.
/// </summary>
internal static class EpochsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var id = new Argument<long?>("ID") { Description = "A closed epoch; without it the newest closed epochs are listed.", Arity = ArgumentArity.ZeroOrOne };
        var proof = new Option<string>("--proof")
        {
            Description = "Fetch OWNER's payout proof in the epoch and check it here: the statement's signature with the pinned coordinator key, the line against the signed Merkle root (needs --owner-file).",
            HelpName = "OWNER",
        };
        var ownerFile = new Option<FileInfo>("--owner-file")
        {
            Description = "The owner's file from 'provision fleet' (owners/OWNER.json): the pinned coordinator key, the owner's token and the API address.",
            HelpName = "FILE",
        };
        var token = ApiOptions.Token("the owner of --proof; else the one in --owner-file");
        var limit = new Option<int>("--limit") { Description = "Epochs listed.", HelpName = "N", DefaultValueFactory = _ => 20 }.InRange(1, 500);
        var api = ApiOptions.Api();
        var ca = ApiOptions.Ca();
        var command = new Command("epochs", "List closed epochs and their payouts, show a signed statement, or check an owner's payout proof.") { id, proof, ownerFile, token, limit, api, ca };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var epoch = parsed.GetValue(id);
            var owner = parsed.GetValue(proof);
            if (owner is not null && epoch is null)
            {
                throw CommandFailedException.Usage("--proof needs an epoch ID");
            }

            if (owner is not null)
            {
                return await CheckProofAsync(context, parsed, epoch!.Value, owner, ownerFile, token, api, ca, cancellationToken).ConfigureAwait(false);
            }

            using var session = ApiSession.Open(parsed.GetRequiredValue(api), null, context, parsed.GetValue(ca));
            if (epoch is null)
            {
                var page = await session.CallAsync(c => c.ListEpochsAsync(null, parsed.GetValue(limit), cancellationToken)).ConfigureAwait(false);
                if (page.Items.Count == 0)
                {
                    await context.Out.WriteLineAsync("No epoch is closed yet: the coordinator closes each epoch when it ends (its --epoch-length), and pays it then.").ConfigureAwait(false);
                }

                foreach (var e in page.Items)
                {
                    await context.Out.WriteLineAsync(
                        $"epoch {e.Id,-8} {Iso(e.Start)} .. {Iso(e.End)}  paid {e.TotalPaid,14} to {e.Owners,4} owners  gini {e.Gini:0.000}  root {e.MerkleRoot}").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }

            var statement = await session.CallAsync(c => c.GetEpochStatementAsync(epoch.Value, cancellationToken)).ConfigureAwait(false);
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(statement, ApiJson.Indented)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> CheckProofAsync(CliContext context, ParseResult parsed, long epoch, string owner, Option<FileInfo> ownerFile, Option<string> token,
        Option<EdgeCompute.Cli.Endpoints.Endpoint> api, Option<FileInfo> ca, CancellationToken cancellationToken)
    {
        if (parsed.GetValue(ownerFile) is not { } path)
        {
            throw CommandFailedException.Usage(
                $"--proof needs --owner-file (owners/{owner}.json from 'provision fleet'): the proof is checked with the coordinator key pinned there, never with one from the coordinator's answer");
        }

        OwnerFile file;
        try
        {
            file = OwnerFile.Read(path.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw CommandFailedException.Configuration($"--owner-file: {e.Message}");
        }

        if (file.OwnerId != owner)
        {
            throw CommandFailedException.Usage($"--owner-file {path.Name} is owner \"{file.OwnerId}\"'s, not \"{owner}\"'s");
        }

        var address = parsed.GetResult(api) is { Implicit: false } ? parsed.GetRequiredValue(api) : ApiOptions.Parse(file.Api, "--owner-file");
        using var session = ApiSession.Open(address, ApiOptions.ReadToken(parsed, token, context) ?? file.ApiToken, context, parsed.GetValue(ca));
        var statement = await session.CallAsync(c => c.GetEpochStatementAsync(epoch, cancellationToken)).ConfigureAwait(false);
        var inclusion = await session.CallAsync(c => c.GetPayoutProofAsync(epoch, owner, cancellationToken)).ConfigureAwait(false);
        var check = PayoutProofVerifier.Verify(statement, inclusion, owner, file.CoordinatorPublicKey);
        await context.Out.WriteLineAsync(JsonSerializer.Serialize(inclusion, ApiJson.Indented)).ConfigureAwait(false);
        if (!check.IsValid)
        {
            throw CommandFailedException.Failure($"the payout proof of {owner} in epoch {epoch} does not check ({check.Reason}): {check.Detail}");
        }

        await context.Out.WriteLineAsync($"Verified: {check.Detail}.").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static string Iso(DateTimeOffset time) => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
