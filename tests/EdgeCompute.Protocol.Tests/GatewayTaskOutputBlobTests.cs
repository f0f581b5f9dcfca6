using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Decoding;
using Xunit;

namespace EdgeCompute.Protocol.Tests;

/// <summary>Batch item kind 7: a gateway task result whose output went to the blob store, named by hash.</summary>
public class GatewayTaskOutputBlobTests
{
    private const string Hash = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    // {1: [[7, "job-9-t3", 0, 0, 1234, h'000102...1f', 1048576]]} — the example in docs/protocol.md.
    private const string GoldenBody = "a1018187" + "07" + "686a6f622d392d7433" + "00" + "00" + "1904d2" + "5820" + Hash + "1a00100000";

    [Fact]
    public void Encodes_the_golden_kind_7_vector()
    {
        var item = new GatewayTaskResultItem("job-9-t3", 0, GatewayTaskStatus.Ok, 1234, ReadOnlyMemory<byte>.Empty) { OutputBlob = new GatewayTaskOutputBlob(Hash, 1_048_576) };

        var raw = GatewayBatchBodyCodec.Encode(new GatewayBatchBody([item], null));

        Assert.Equal(GoldenBody, Convert.ToHexStringLower(raw));
        Assert.Equal(BatchItemKind.GatewayTaskResultBlob, item.Kind);
    }

    [Fact]
    public void Decodes_the_golden_kind_7_vector()
    {
        var item = Assert.IsType<GatewayTaskResultItem>(Assert.Single(GatewayBatchBodyCodec.Decode(Convert.FromHexString(GoldenBody)).Value.Items));

        Assert.Equal(("job-9-t3", 0u, GatewayTaskStatus.Ok, 1234UL), (item.TaskId, item.Slot, item.Status, item.Fuel));
        Assert.Equal(new GatewayTaskOutputBlob(Hash, 1_048_576), item.OutputBlob);
        Assert.True(item.Output.IsEmpty);
    }

    [Fact]
    public void A_kind_6_item_has_no_output_blob()
    {
        var raw = Convert.FromHexString("a1018186" + "06" + "686a6f622d392d7431" + "00" + "00" + "1904d2" + "43090807");

        var item = Assert.IsType<GatewayTaskResultItem>(Assert.Single(GatewayBatchBodyCodec.Decode(raw).Value.Items));

        Assert.Null(item.OutputBlob);
        Assert.Equal(BatchItemKind.GatewayTaskResult, item.Kind);
    }

    [Theory]
    [InlineData("04", "1a00100000", DecodeErrorCode.InvalidValue)]   // a failure status with an output blob
    [InlineData("00", "00", DecodeErrorCode.InvalidValue)]           // size 0
    [InlineData("00", "1a00400001", DecodeErrorCode.InvalidValue)]   // size above 4 MiB
    public void Refuses_malformed_kind_7_items(string status, string size, DecodeErrorCode expected)
    {
        var hex = "a1018187" + "07" + "686a6f622d392d7433" + "00" + status + "1904d2" + "5820" + Hash + size;

        var error = GatewayBatchBodyCodec.Decode(Convert.FromHexString(hex)).Error;

        Assert.NotNull(error);
        Assert.Equal(expected, error.Code);
    }

    [Fact]
    public void Refuses_a_kind_7_item_whose_hash_is_not_32_bytes()
    {
        var hex = "a1018187" + "07" + "686a6f622d392d7433" + "00" + "00" + "1904d2" + "581f" + Hash[..62] + "1a00100000";

        Assert.NotNull(GatewayBatchBodyCodec.Decode(Convert.FromHexString(hex)).Error);
    }

    [Fact]
    public void Refuses_to_encode_an_output_blob_with_a_failure_status_inline_bytes_or_a_bad_hash()
    {
        var blob = new GatewayTaskOutputBlob(Hash, 100_000);
        Assert.Throws<ArgumentException>(() => Encode(new GatewayTaskResultItem("t", 0, GatewayTaskStatus.Trap, 1, ReadOnlyMemory<byte>.Empty) { OutputBlob = blob }));
        Assert.Throws<ArgumentException>(() => Encode(new GatewayTaskResultItem("t", 0, GatewayTaskStatus.Ok, 1, new byte[] { 1 }) { OutputBlob = blob }));
        Assert.Throws<ArgumentException>(() => Encode(new GatewayTaskResultItem("t", 0, GatewayTaskStatus.Ok, 1, ReadOnlyMemory<byte>.Empty) { OutputBlob = blob with { Sha256 = Hash.ToUpperInvariant() } }));
        Assert.Throws<ArgumentException>(() => Encode(new GatewayTaskResultItem("t", 0, GatewayTaskStatus.Ok, 1, ReadOnlyMemory<byte>.Empty) { OutputBlob = blob with { Size = GatewayTaskResultItem.MaxBlobOutputBytes + 1UL } }));
    }

    private static byte[] Encode(GatewayTaskResultItem item) => GatewayBatchBodyCodec.Encode(new GatewayBatchBody([item], null));
}
