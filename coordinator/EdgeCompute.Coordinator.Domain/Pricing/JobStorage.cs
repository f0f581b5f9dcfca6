using System.Text;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

namespace EdgeCompute.Coordinator.Domain.Pricing;

/// <summary>The bytes a job keeps on the coordinator, which its storage part is priced on.</summary>
public static class JobStorage
{
    /// <summary>
    /// A job by hash: its module and each distinct input once (the blob store keeps them for the job's retention); any
    /// other job: its spec as stored (inline modules and inputs included).
    /// </summary>
    /// <param name="spec">The job's spec, with its blobs resolved when it names them by hash.</param>
    /// <param name="specJson">The spec as stored, when the caller has it already (else it is serialized here).</param>
    /// <returns>Bytes.</returns>
    public static long BytesOf(JobSpec spec, string? specJson = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec is WasmMapJobSpec { Blobs: { } blobs, InputSha256: { } inputs })
        {
            var distinct = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; i < inputs.Count && i < blobs.InputSizes.Count; i++)
            {
                distinct[inputs[i]] = blobs.InputSizes[i];
            }

            return blobs.Module.LongLength + distinct.Values.Sum();
        }

        return Encoding.UTF8.GetByteCount(specJson ?? JobJson.Serialize(spec));
    }
}
