using System.Text.Json;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Api;

/// <summary>
/// Where a job's merged result goes: a small one to the terminal; one larger than <see cref="MaxPrintedChars"/> (the
/// base64 outputs of a WebAssembly job) only to a file named with <c>--out</c>, never onto the terminal.
/// </summary>
internal static class JobResultOutput
{
    /// <summary>The largest result printed on the terminal, in characters of JSON.</summary>
    public const int MaxPrintedChars = 4096;

    /// <summary>Prints or saves a result.</summary>
    /// <param name="id">The job id.</param>
    /// <param name="result">The merged result.</param>
    /// <param name="file">The file to write, or null for the terminal.</param>
    /// <param name="o">Standard output.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public static async Task WriteAsync(string id, JsonElement result, FileInfo? file, TextWriter o, CancellationToken cancellationToken)
    {
        var text = JsonSerializer.Serialize(result);
        if (file is not null)
        {
            try
            {
                await File.WriteAllTextAsync(file.FullName, text + "\n", cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CommandFailedException.Failure($"--out: cannot write {file.FullName}: {e.Message}");
            }

            await o.WriteLineAsync($"Saved the result of job {id} to {file.FullName} ({text.Length} characters of JSON).").ConfigureAwait(false);
            return;
        }

        if (text.Length > MaxPrintedChars)
        {
            await o.WriteLineAsync($"The result of job {id} is {text.Length} characters of JSON: too long for the terminal. " +
                $"Save it with: edgecompute jobs {id} --result --out FILE.json").ConfigureAwait(false);
            return;
        }

        await o.WriteLineAsync(text).ConfigureAwait(false);
    }
}
