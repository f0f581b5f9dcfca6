using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.WorkLifecycle;

/// <summary>How a gateway result whose output is a blob is kept, compared and handed to the job's merge.</summary>
public sealed class GatewayOutputBlobTests
{
    private static readonly byte[] Output = [.. Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31))];
    private static readonly GatewayTaskOutputBlob Blob = new(Convert.ToHexStringLower(SHA256.HashData(Output)), (ulong)Output.Length);

    [Fact]
    public void A_blob_result_body_keeps_the_hash_and_size_and_decodes_back()
    {
        var body = GatewayResultBody.Encode(new GatewayTaskResultItem("job-1-t0", 1, GatewayTaskStatus.Ok, 4321, ReadOnlyMemory<byte>.Empty) { OutputBlob = Blob });

        Assert.True(GatewayResultBody.TryDecode(body, out var status, out var fuel, out var output, out var blob));
        Assert.Equal((GatewayTaskStatus.Ok, 4321UL, Blob), (status, fuel, blob));
        Assert.Empty(output);
        Assert.True(body.Length < 64, $"{body.Length} bytes"); // the bytes stay in the blob store
    }

    [Fact]
    public void A_blob_output_and_the_same_bytes_inline_compare_equal_and_other_bytes_do_not()
    {
        var byBlob = GatewayResultBody.ToTaskResult("job-1-t0", 0, GatewayTaskStatus.Ok, 10, [], Blob, KernelNames.WasmBlob);
        var inline = GatewayResultBody.ToTaskResult("job-1-t0", 0, GatewayTaskStatus.Ok, 10, Output, null, KernelNames.WasmBlob);
        var other = GatewayResultBody.ToTaskResult("job-1-t0", 0, GatewayTaskStatus.Ok, 10, [], Blob with { Sha256 = new string('0', 64) }, KernelNames.WasmBlob);

        Assert.Equal(Encoded(inline), Encoded(byBlob));
        Assert.NotEqual(Encoded(inline), Encoded(other));
    }

    [Fact]
    public void A_body_naming_a_blob_with_a_failure_status_or_a_short_hash_does_not_decode()
    {
        var body = GatewayResultBody.Encode(new GatewayTaskResultItem("job-1-t0", 1, GatewayTaskStatus.Ok, 1, ReadOnlyMemory<byte>.Empty) { OutputBlob = Blob });
        var trap = (byte[])body.Clone();
        trap[1] = (byte)GatewayTaskStatus.Trap; // [0x84, status, ...]

        Assert.False(GatewayResultBody.TryDecode(trap, out _, out _, out _, out _));
        Assert.False(GatewayResultBody.TryDecode([0x84, 0x00, 0x01, 0x41, 0x01, 0x01], out _, out _, out _, out _));
    }

    [Fact]
    public void A_verified_blob_output_is_kept_as_a_reference_that_reads_back_and_plain_bytes_are_not_one()
    {
        var reference = WasmOutputReference.Encode(Blob);

        Assert.Equal(WasmOutputReference.Length, reference.Length);
        Assert.True(WasmOutputReference.TryRead(reference, out var read));
        Assert.Equal(Blob, read);
        Assert.False(WasmOutputReference.TryRead(Output.AsSpan(0, WasmOutputReference.Length), out _));
        Assert.False(WasmOutputReference.TryRead(reference.AsSpan(0, WasmOutputReference.Length - 1), out _));
    }

    private static byte[] Encoded(TaskResult result) => ((OpaqueKernelOutput)result.Output!).EncodedArray.ToArray();
}
