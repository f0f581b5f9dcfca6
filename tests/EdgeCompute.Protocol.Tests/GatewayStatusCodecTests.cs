using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Tests.Support;

namespace EdgeCompute.Protocol.Tests;

/// <summary>The gateway status of a batch body: status v1 (keys 1 to 3) and v2 (keys 4 to 8), both ways, and bad bytes.</summary>
public sealed class GatewayStatusCodecTests
{
    // {1: [], 2: {1: 870, 2: 512000000, 3: 12}}: the v1 form, byte for byte what gateways sent before status v2.
    private const string V1Body = "a2018002a301190366021a1e848000030c";

    // The same with {4: 1048576, 5: 3, 6: 41, 7: 2, 8: 8} added.
    private const string V2Body = "a2018002a801190366021a1e848000030c041a001000000503061829070208 08";

    private static readonly GatewayStatus V2 = new(870, 512_000_000, 12, 1_048_576, 3, 41, 2, 8);

    private static string Compact(string hex) => hex.Replace(" ", "", StringComparison.Ordinal);

    [Fact]
    public void A_status_without_v2_fields_encodes_exactly_the_v1_bytes()
    {
        var body = new GatewayBatchBody([], new GatewayStatus(870, 512_000_000, 12));
        Assert.Equal(V1Body, Hex.Of(GatewayBatchBodyCodec.Encode(body)));
        Assert.False(body.Status!.IsExtended);
    }

    [Fact]
    public void Decodes_a_v1_status_with_the_v2_fields_null()
    {
        var status = DecodeAssert.Ok(GatewayBatchBodyCodec.Decode(Hex.Bytes(V1Body))).Status;
        Assert.Equal(new GatewayStatus(870, 512_000_000, 12), status);
        Assert.Null(status!.OutboxBytes);
        Assert.Null(status.ConnectedDevices);
    }

    [Fact]
    public void Round_trips_a_v2_status_with_keys_4_to_8_in_order()
    {
        var bytes = GatewayBatchBodyCodec.Encode(new GatewayBatchBody([], V2));
        Assert.Equal(Compact(V2Body), Hex.Of(bytes));
        Assert.Equal(V2, DecodeAssert.Ok(GatewayBatchBodyCodec.Decode(bytes)).Status);
    }

    [Fact]
    public void Writes_only_the_v2_fields_that_are_set()
    {
        var partial = new GatewayStatus(500, 1, 2, ConnectedDevices: 0);
        var decoded = DecodeAssert.Ok(GatewayBatchBodyCodec.Decode(GatewayBatchBodyCodec.Encode(new GatewayBatchBody([], partial)))).Status;
        Assert.Equal(partial, decoded);
        Assert.Null(decoded!.UnackedBatches);
        Assert.Equal(0UL, decoded.ConnectedDevices);
    }

    [Fact]
    public void Without_extension_gives_the_v1_bytes_an_older_coordinator_reads()
    {
        var v1 = V2.WithoutExtension();
        Assert.Equal(V1Body, Hex.Of(GatewayBatchBodyCodec.Encode(new GatewayBatchBody([], v1))));
    }

    [Fact]
    public void Skips_a_later_status_key_it_does_not_know()
    {
        // status v2 plus key 9: [1, "x"], as a later gateway might send; the known fields still decode.
        var later = Compact(V2Body).Replace("a801190366", "a901190366", StringComparison.Ordinal) + "09820161" + "78";
        var status = DecodeAssert.Ok(GatewayBatchBodyCodec.Decode(Hex.Bytes(later))).Status;
        Assert.Equal(V2, status);
    }

    [Theory]
    [InlineData("a2018002a801190366021a1e848000030c041a00100000050306182907020820", DecodeErrorCode.InvalidValue)] // connected devices negative
    [InlineData("a2018002a801190366021a1e848000030c041a001000000503061829070208f5", DecodeErrorCode.WrongType)] // connected devices true
    [InlineData("a2018002a801190366021a1e848000030c051a001000000403061829070208 08", DecodeErrorCode.KeyOutOfOrder)] // key 5 before key 4
    [InlineData("a2018002a801190366021a1e848000030c041a001000000403061829070208 08", DecodeErrorCode.DuplicateKey)] // key 4 twice
    [InlineData("a2018002a5041a00100000050306182907020808", DecodeErrorCode.MissingKey)] // v2 fields without keys 1 to 3
    [InlineData("a2018002a801190366021a1e848000030c041a0010000005030618290702", DecodeErrorCode.Truncated)] // cut short
    [InlineData("a2018002a401190366021a1e848000030c18400c", DecodeErrorCode.UnexpectedKey)] // key 64 is past any map key
    [InlineData("a2018002a401190366021a1e848000030c041b8000000000000000 00", DecodeErrorCode.TrailingBytes)] // a byte after the body
    public void Refuses_malformed_status_bytes_with_a_decode_error(string hex, DecodeErrorCode code) =>
        DecodeAssert.Fails(GatewayBatchBodyCodec.Decode(Hex.Bytes(Compact(hex))), code);

    [Fact]
    public void Refuses_to_encode_idle_cpu_above_1000_permille() =>
        Assert.Throws<ArgumentException>(() => GatewayBatchBodyCodec.Encode(new GatewayBatchBody([], V2 with { IdleCpuPermille = 1001 })));
}
