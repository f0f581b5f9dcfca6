using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Tests.Support;
using EdgeCompute.Tests.Vectors;

namespace EdgeCompute.Protocol.Tests.Vectors;

/// <summary>
/// The gateway status vectors of tests/vectors (<c>batch-body-status-v1.cbor</c>, <c>-v2.cbor</c>): the encoder writes
/// them byte for byte (or, with EDGECOMPUTE_WRITE_VECTORS=1, writes them), and each decodes to the manifest's fields.
/// </summary>
public sealed class GatewayStatusVectorTests
{
    private const string Spec = "Gateway status: {1: idle CPU permille, 2: free memory, 3: outbox depth, 4: outbox bytes, 5: unacked batches, "
        + "6: outbox evictions, 7: uplink reconnects, 8: connected devices}; keys 4 to 8 optional.";

    public static TheoryData<string> Files => new((VectorManifest.Instance.GatewayStatuses ?? []).Select(s => s.File));

    [Fact]
    public void The_manifest_has_a_v1_and_a_v2_status()
    {
        var statuses = VectorManifest.Instance.GatewayStatuses ?? [];
        Assert.Equal(["batch-body-status-v1.cbor", "batch-body-status-v2.cbor"], statuses.Select(s => s.File));
        Assert.False(ToStatus(statuses[0]).IsExtended);
        Assert.True(ToStatus(statuses[1]).IsExtended);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Protocol_status_encoding_matches_golden_bytes(string file)
    {
        var expected = Manifest(file);
        Assert.Equal("protocol", expected.WrittenBy);
        var bytes = GatewayBatchBodyCodec.Encode(new GatewayBatchBody([], ToStatus(expected)));
        if (VectorFiles.WriteMode)
        {
            VectorFiles.CheckOrWrite(file, bytes, "GatewayBatchBodyCodec.Encode");
            return;
        }

        VectorFiles.AssertSameBytes(file, VectorFiles.ReadAssignment(file), bytes, "GatewayBatchBodyCodec.Encode", Spec);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Protocol_decodes_golden_status_to_manifest_fields(string file)
    {
        var body = DecodeAssert.Ok(GatewayBatchBodyCodec.Decode(VectorFiles.ReadAssignment(file)));
        Assert.Empty(body.Items);
        Assert.Equal(ToStatus(Manifest(file)), body.Status);
    }

    private static ManifestGatewayStatus Manifest(string file) => (VectorManifest.Instance.GatewayStatuses ?? []).Single(s => s.File == file);

    private static GatewayStatus ToStatus(ManifestGatewayStatus s) =>
        new(s.IdleCpuPermille, s.FreeMemoryBytes, s.OutboxDepth, s.OutboxBytes, s.UnackedBatches, s.OutboxEvictions, s.UplinkReconnects, s.ConnectedDevices);
}
