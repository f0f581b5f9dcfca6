using EdgeCompute.Coordinator.Domain.Blobs;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Storage.Blobs;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// Resolves a job that names its module and inputs by hash against the blob store, before job intake checkss and
/// plans it: the submitter must hold every hash (the job's references are taken in the same transaction, so no sweep
/// can take a blob away before the job is stored), the module is read to be compiled, inputs of at most 1 KiB are read
/// to travel inline, and the sizes are attached for the size limits and the <c>wasm.blob</c> assignments.
/// </summary>
internal static class JobBlobResolution
{
    /// <summary>Resolves <paramref name="submission"/> (which has its job id).</summary>
    /// <param name="blobs">The blob store, or null when the coordinator keeps none.</param>
    /// <param name="submission">The submission.</param>
    /// <param name="cancellationToken">Cancels the resolution.</param>
    /// <returns>The submission with its blobs attached (unchanged when it names none), or the refusal.</returns>
    public static async Task<(JobSubmission Submission, SubmitResult? Refused)> ResolveAsync(IBlobStore? blobs, JobSubmission submission, CancellationToken cancellationToken)
    {
        if (submission.Spec is not WasmMapJobSpec { IsByHash: true } spec || !JobSpecValidator.Validate(spec).IsValid)
        {
            return (submission, null); // an invalid spec is refused by job intake's own check, with its field
        }

        if (blobs is null)
        {
            return (submission, new SubmitResult(SubmitReason.InvalidSpec, null, "this coordinator keeps no blobs: send the module and inputs inline", "moduleSha256"));
        }

        var module = spec.ModuleSha256!;
        var inputs = spec.InputSha256!;
        var referenced = await blobs.ReferenceAsync(submission.JobId!, submission.Submitter, [module, .. inputs], cancellationToken).ConfigureAwait(false);
        if (referenced.MissingHash is { } missing)
        {
            var field = missing == module ? "moduleSha256" : $"inputSha256[{IndexOf(inputs, missing)}]";
            return (submission, new SubmitResult(SubmitReason.ForeignBlob, null,
                $"{submission.Submitter} holds no blob {missing}: upload it first (PUT /api/blobs/{missing})", field) { BlobHash = missing });
        }

        var moduleSize = referenced.Sizes[module];
        if (moduleSize > BlobLimits.MaxModuleBytes)
        {
            return (submission, new SubmitResult(SubmitReason.InvalidSpec, null, $"the module has {moduleSize:N0} bytes; at most {BlobLimits.MaxModuleBytes:N0}", "moduleSha256"));
        }

        if (await blobs.ReadAsync(module, 0, (int)moduleSize, cancellationToken).ConfigureAwait(false) is not { } bytes)
        {
            return (submission, new SubmitResult(SubmitReason.ForeignBlob, null, $"the bytes of blob {module} are gone: upload it again", "moduleSha256") { BlobHash = module });
        }

        // Inputs of at most 1 KiB travel inline: read once per distinct hash.
        var small = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var hash in inputs.Distinct(StringComparer.Ordinal).Where(h => referenced.Sizes[h] <= BlobLimits.MaxInlineInputBytes))
        {
            if (await blobs.ReadAsync(hash, 0, (int)referenced.Sizes[hash], cancellationToken).ConfigureAwait(false) is { } input)
            {
                small[hash] = input;
            }
        }

        var resolved = spec with { Blobs = new WasmMapBlobs(bytes, [.. inputs.Select(h => referenced.Sizes[h])], small) };
        return (submission with { Spec = resolved }, null);
    }

    private static int IndexOf(IReadOnlyList<string> hashes, string hash)
    {
        for (var i = 0; i < hashes.Count; i++)
        {
            if (hashes[i] == hash)
            {
                return i;
            }
        }

        return 0;
    }
}
