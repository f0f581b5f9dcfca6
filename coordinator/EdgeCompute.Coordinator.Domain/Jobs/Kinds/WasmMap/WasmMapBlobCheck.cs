using EdgeCompute.Coordinator.Domain.Blobs;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

/// <summary>
/// Checks the by-hash form of a <see cref="WasmMapJobSpec"/>: well-formed hashes, the task count, fuel and memory and,
/// once the blobs are resolved (<see cref="WasmMapJobSpec.Blobs"/>), the module and the sizes: module ≤ 8 MiB, each input
/// ≤ 4 MiB, the job's distinct inputs ≤ 1 GiB.
/// </summary>
internal static class WasmMapBlobCheck
{
    public static JobSpecCheck Check(WasmMapJobSpec spec)
    {
        if (spec.Module is not null || spec.Inputs is not null)
        {
            return JobSpecCheck.Fail(spec.Module is not null ? "module" : "inputs",
                "name the module and inputs either inline (module, inputs) or by hash (moduleSha256, inputSha256), not both");
        }

        if (spec.ModuleSha256 is not { } module)
        {
            return JobSpecCheck.Fail("moduleSha256", "moduleSha256 is required with inputSha256");
        }

        if (!BlobHash.IsValid(module))
        {
            return JobSpecCheck.Fail("moduleSha256", "moduleSha256 must be a SHA-256 as 64 lowercase hex characters");
        }

        if (spec.InputSha256 is not { Count: > 0 } inputs)
        {
            return JobSpecCheck.Fail("inputSha256", "inputSha256 must hold at least one hash");
        }

        if (inputs.Count > JobLimits.MaxTasksPerJob)
        {
            return JobSpecCheck.Fail("inputSha256", $"the job makes {inputs.Count} tasks; at most {JobLimits.MaxTasksPerJob} per job");
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            if (!BlobHash.IsValid(inputs[i]))
            {
                return JobSpecCheck.Fail($"inputSha256[{i}]", "an input hash must be a SHA-256 as 64 lowercase hex characters");
            }
        }

        var problem = (spec.Blobs is { } blobs ? WasmTaskCheck.Check(blobs.Module, spec.Fuel, spec.MemoryBytes, "moduleSha256") ?? Sizes(spec, inputs, blobs)
                : WasmTaskCheck.CheckBudget(spec.Fuel, spec.MemoryBytes))
            ?? (spec.Image is null ? null : ImageLayoutCheck.Check(spec.Image, inputs.Count));
        return problem ?? JobSpecCheck.Ok;
    }

    private static JobSpecCheck? Sizes(WasmMapJobSpec spec, IReadOnlyList<string> inputs, WasmMapBlobs blobs)
    {
        if (blobs.Module.Length > BlobLimits.MaxModuleBytes)
        {
            return JobSpecCheck.Fail("moduleSha256", $"the module has {blobs.Module.Length:N0} bytes; at most {BlobLimits.MaxModuleBytes:N0}");
        }

        if (blobs.InputSizes.Count != inputs.Count)
        {
            return JobSpecCheck.Fail("inputSha256", $"{blobs.InputSizes.Count} input sizes resolved for {inputs.Count} inputs");
        }

        var distinct = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (blobs.InputSizes[i] > BlobLimits.MaxInputBytes)
            {
                return JobSpecCheck.Fail($"inputSha256[{i}]", $"the input has {blobs.InputSizes[i]:N0} bytes; at most {BlobLimits.MaxInputBytes:N0} per task");
            }

            distinct[inputs[i]] = blobs.InputSizes[i];
        }

        var total = distinct.Values.Sum();
        return total > BlobLimits.MaxJobInputBytes
            ? JobSpecCheck.Fail("inputSha256", $"the job's distinct inputs hold {total:N0} bytes; at most {BlobLimits.MaxJobInputBytes:N0} per job")
            : null;
    }
}
