using System.Security.Cryptography;
using System.Text.Json;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Api;

/// <summary>
/// Writes a completed <c>wasm-map</c> job's outputs: <c>NNNNN-&lt;input name&gt;.out</c> per input in input order, and
/// <c>manifest.json</c> listing for each the input and output names and SHA-256 and the nodes whose results agreed. An
/// output the job's result names by hash (<c>outputBlobs</c>: it was too large for its gateway's batch item) is
/// downloaded with the blob GET and checked against its hash before it is written.
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

        // An output too large for its gateway's batch item is a blob the job's result names by hash; the submitter reads it.
        var blobs = result.TryGetProperty("outputBlobs", out var blobsJson) && blobsJson.ValueKind == JsonValueKind.Array ? [.. blobsJson.EnumerateArray()] : new List<JsonElement>();
        var agreed = (await session.CallAsync(c => c.ListAllJobTasksAsync(jobId, null, cancellationToken)).ConfigureAwait(false))
            .ToDictionary(t => t.Index, t => t.Results.Where(r => r.Verdict == "valid").Select(r => r.Node).Order(StringComparer.Ordinal).ToList());

        var manifest = new List<object>(inputs.Count);
        try
        {
            folder.Create();
            var i = 0;
            foreach (var element in outputsJson.EnumerateArray())
            {
                var bytes = i < blobs.Count && blobs[i].ValueKind == JsonValueKind.Object
                    ? await DownloadAsync(session, blobs[i], i, cancellationToken).ConfigureAwait(false)
                    : element.GetBytesFromBase64();
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

    private static async Task<byte[]> DownloadAsync(ApiSession session, JsonElement blob, int index, CancellationToken cancellationToken)
    {
        var sha256 = blob.TryGetProperty("sha256", out var hash) ? hash.GetString() ?? "" : "";
        var bytes = await session.CallAsync(c => c.GetBlobAsync(sha256, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return Convert.ToHexStringLower(SHA256.HashData(bytes)) == sha256
            ? bytes
            : throw CommandFailedException.Failure($"output {index}: the blob read for {sha256} does not match its hash");
    }
}
