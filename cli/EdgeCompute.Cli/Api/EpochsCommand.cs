using System.CommandLine;
using System.Text.Json;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Api;

/// <summary><c>edgecompute epochs [ID] [--proof OWNER --token T]</c>: closed epochs, one signed statement, or an owner's payout proof.</summary>
internal static class EpochsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The process context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var id = new Argument<long?>("ID") { Description = "A closed epoch; without it the newest closed epochs are listed.", Arity = ArgumentArity.ZeroOrOne };
        var proof = new Option<string>("--proof") { Description = "Print OWNER's Merkle inclusion proof in the epoch's statement (needs that owner's --token).", HelpName = "OWNER" };
        var token = ApiOptions.Token("the owner of --proof");
        var limit = new Option<int>("--limit") { Description = "Epochs listed.", HelpName = "N", DefaultValueFactory = _ => 20 }.InRange(1, 500);
        var api = ApiOptions.Api();
        var command = new Command("epochs", "List closed epochs and their payouts, show a signed statement, or fetch an owner's payout proof.") { id, proof, token, limit, api };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var epoch = parsed.GetValue(id);
            var owner = parsed.GetValue(proof);
            if (owner is not null && epoch is null)
            {
                throw CommandFailedException.Usage("--proof needs an epoch ID");
            }

            using var client = ApiClient.Create(parsed.GetRequiredValue(api), owner is null ? null : ApiOptions.RequireToken(parsed, token, context));
            if (epoch is null)
            {
                using var page = await client.GetJsonAsync($"/api/epochs?limit={parsed.GetValue(limit)}", cancellationToken).ConfigureAwait(false);
                if (page.RootElement.GetProperty("items").GetArrayLength() == 0)
                {
                    await context.Out.WriteLineAsync("No epoch is closed yet: the coordinator closes each epoch when it ends (its --epoch-length), and pays it then.").ConfigureAwait(false);
                }

                foreach (var e in page.RootElement.GetProperty("items").EnumerateArray())
                {
                    await context.Out.WriteLineAsync(
                        $"epoch {e.GetProperty("id").GetInt64(),-8} {e.GetProperty("start").GetString()} .. {e.GetProperty("end").GetString()}  paid {e.GetProperty("totalPaid").GetInt64(),14} to {e.GetProperty("owners").GetInt32(),4} owners  gini {e.GetProperty("gini").GetDouble():0.000}  root {e.GetProperty("merkleRoot").GetString()}").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }

            var path = owner is null ? $"/api/epochs/{epoch}" : $"/api/epochs/{epoch}/proofs/{Uri.EscapeDataString(owner)}";
            using var answer = await client.GetJsonAsync(path, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(answer.RootElement, Indented)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true };
}
