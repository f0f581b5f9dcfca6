using System.Security.Cryptography;
using System.Text.Json;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Api;

/// <summary>
/// Writes a completed <c>wasm-map</c> job's outputs: <c>NNNNN-&lt;input name&gt;.out</c> per input in input order, and
/// <c>manifest.json</c> listing for each the input and output names and SHA-256 and the nodes whose results agreed.
/// </summary>
internal static class WasmOutputs
{
    /// <summary>Fetches and writes the outputs.</summary>
    /// <param name="session">The API session.</param>
    /// <param name="jobId">The completed job.</param>
    /// <param name="inputs">The input files, in task order.</param>
    /// <param name="inputHashes">Their SHA-256, in the same order.</param>
    /// <param name="folder">Where to write.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>How many outputs were written.</returns>
    public static async Task<int> WriteAsync(ApiSession session, string jobId, IReadOnlyList<FileInfo> inputs, IReadOnlyList<string> inputHashes, DirectoryInfo folder,
        CancellationToken cancellationToken)
    {
        var result = await session.CallAsync(c => c.GetJobResultAsync(jobId, cancellationToken)).ConfigureAwait(false);
        if (!result.TryGetProperty("outputs", out var outputsJson) || outputsJson.ValueKind != JsonValueKind.Array || outputsJson.GetArrayLength() != inputs.Count)
        {
            throw CommandFailedException.Failure($"job {jobId}'s result does not hold one output per input ({inputs.Count}); see edgecompute jobs {jobId} --result --out FILE.json");
        }

        var agreed = (await session.CallAsync(c => c.ListAllJobTasksAsync(jobId, null, cancellationToken)).ConfigureAwait(false))
            .ToDictionary(t => t.Index, t => t.Results.Where(r => r.Verdict == "valid").Select(r => r.Node).Order(StringComparer.Ordinal).ToList());

        var manifest = new List<object>(inputs.Count);
        try
        {
            folder.Create();
            var i = 0;
            foreach (var element in outputsJson.EnumerateArray())
            {
                var bytes = element.GetBytesFromBase64();
                var name = $"{i:00000}-{inputs[i].Name}.out";
                await File.WriteAllBytesAsync(Path.Combine(folder.FullName, name), bytes, cancellationToken).ConfigureAwait(false);
                manifest.Add(new
                {
                    index = i,
                    input = inputs[i].Name,
                    inputSha256 = inputHashes[i],
                    output = name,
                    outputSha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                    outputBytes = bytes.Length,
                    nodes = agreed.GetValueOrDefault(i, []),
                });
                i++;
            }

            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "manifest.json"),
                JsonSerializer.Serialize(new { job = jobId, outputs = manifest }, ApiJson.Indented) + "\n", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.Failure($"--out: cannot write to {folder.FullName}: {e.Message}");
        }

        return manifest.Count;
    }
}
