using System.IO.Compression;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tests.Support;
using EdgeCompute.Tests;

namespace EdgeCompute.Protocol.Tests;

public class GatewayBatchTests
{
    [Theory]
    [InlineData(BatchCodec.None)]
    [InlineData(BatchCodec.Deflate)]
    [InlineData(BatchCodec.Brotli)]
    public void Round_trips_with_every_codec(BatchCodec codec)
    {
        var message = Samples.BatchBytes(codec);
        var opened = DecodeAssert.Ok(BatchOpener.Open(message, Samples.GatewayKey, "gw-01"));
        Assert.Equal(codec, opened.Envelope.Codec);
        Assert.Equal(GatewayBatchBodyCodec.Encode(Samples.BatchBody()), opened.RawBody.ToArray());
        Assert.Equal(Samples.BatchBody().Items.Count, opened.Body.Items.Count);
        Assert.Equal(Samples.BatchBody().Status, opened.Body.Status);
        Assert.Equal(Samples.BatchBody().Items.Skip(2), opened.Body.Items.Skip(2));
        var frame = Assert.IsType<DeviceFrameItem>(opened.Body.Items[0]);
        Assert.True(DeviceFrameMac.Verify(DecodeAssert.Ok(DeviceFrameCodec.Decode(frame.Frame)), Samples.DeviceKey));
        var telemetry = Assert.IsType<GatewayTelemetryItem>(opened.Body.Items[1]);
        Assert.Equal("gw-01", DecodeAssert.Ok(Telemetry.WindowSummaryCodec.Decode(telemetry.Pack)).SourceId);
    }

    [Fact]
    public void Decodes_the_spec_body_example()
    {
        const string Body = "a20182820141a08403686465762d30303032f41b0000019ab699c87802a301190366021a1e848000030c";
        var body = DecodeAssert.Ok(GatewayBatchBodyCodec.Decode(Hex.Bytes(Body)));
        Assert.Equal(new DeviceStateItem("dev-0002", false, 1_764_000_123_000), body.Items[1]);
        Assert.Equal(new GatewayStatus(870, 512_000_000, 12), body.Status);
        Assert.Equal(Body, Hex.Of(GatewayBatchBodyCodec.Encode(body)));
    }

    [Fact]
    public void Rejects_batch_with_forged_signature_before_decompression()
    {
        // A forged batch whose body is not even a valid deflate stream: the signature check must refuse it first.
        var forged = new GatewayBatch("gw-01", 1, 5, BatchCodec.Deflate, 100, new byte[] { 0xff, 0xff, 0xff }, new byte[64]);
        DecodeAssert.Fails(BatchOpener.Open(GatewayBatchCodec.Encode(forged), Samples.GatewayKey), DecodeErrorCode.BadSignature);

        using var otherKey = P256Keys.Generate();
        var signedByOther = BatchSealer.Seal(Samples.BatchBody(), "gw-01", 1, 5, BatchCodec.Deflate, otherKey);
        DecodeAssert.Fails(BatchOpener.Open(GatewayBatchCodec.Encode(signedByOther), Samples.GatewayKey), DecodeErrorCode.BadSignature);
    }

    [Fact]
    public void Rejects_batch_with_tampered_header()
    {
        var batch = DecodeAssert.Ok(GatewayBatchCodec.Decode(Samples.BatchBytes()));
        GatewayBatch[] tampered =
        [
            batch with { Boot = 2 },
            batch with { Seq = 4712 },
            batch with { Codec = BatchCodec.Brotli },
            batch with { RawLength = batch.RawLength + 1 },
            batch with { GatewayId = "gw-02" },
        ];
        foreach (var t in tampered)
        {
            DecodeAssert.Fails(BatchOpener.Open(GatewayBatchCodec.Encode(t), Samples.GatewayKey), DecodeErrorCode.BadSignature);
        }

        DecodeAssert.Fails(BatchOpener.Open(Samples.BatchBytes(), Samples.GatewayKey, "gw-02"), DecodeErrorCode.IdMismatch);
    }

    [Fact]
    public void Refuses_oversize_messages_and_raw_lengths()
    {
        DecodeAssert.Fails(BatchOpener.Open(new byte[ProtocolLimits.MaxBatchMessageBytes + 1], Samples.GatewayKey), DecodeErrorCode.LimitExceeded);

        var body = new byte[1000];
        var tooLong = Signed(BatchCodec.Deflate, body, ProtocolLimits.MaxBatchRawBytes + 1);
        DecodeAssert.Fails(BatchOpener.Open(tooLong, Samples.GatewayKey), DecodeErrorCode.LimitExceeded);
        var tooExpanded = Signed(BatchCodec.Deflate, body, (uint)(body.Length * ProtocolLimits.MaxExpansionRatio) + 1);
        DecodeAssert.Fails(BatchOpener.Open(tooExpanded, Samples.GatewayKey), DecodeErrorCode.LimitExceeded);
        Assert.Throws<ArgumentException>(() => BatchSealer.Seal(new byte[ProtocolLimits.MaxBatchRawBytes + 1], "gw-01", 1, 1, BatchCodec.Deflate, Samples.GatewayKey));
    }

    [Fact]
    public void Refuses_streams_producing_more_or_fewer_bytes_than_declared()
    {
        var raw = GatewayBatchBodyCodec.Encode(Samples.BatchBody());
        var compressed = Deflate(raw);
        DecodeAssert.Fails(BatchOpener.Open(Signed(BatchCodec.Deflate, compressed, (uint)raw.Length - 1), Samples.GatewayKey), DecodeErrorCode.LengthMismatch);
        DecodeAssert.Fails(BatchOpener.Open(Signed(BatchCodec.Deflate, compressed, (uint)raw.Length + 1), Samples.GatewayKey), DecodeErrorCode.LengthMismatch);
        DecodeAssert.Fails(BatchOpener.Open(Signed(BatchCodec.None, raw, (uint)raw.Length + 1), Samples.GatewayKey), DecodeErrorCode.LengthMismatch);
        DecodeAssert.Fails(BatchOpener.Open(Signed(BatchCodec.Brotli, compressed, (uint)raw.Length), Samples.GatewayKey), DecodeErrorCode.DecompressionFailed);
    }

    [Fact]
    public void Refuses_a_decompression_bomb_without_expanding_it()
    {
        // 1 GiB of zeros as one deflate stream is about 1 MB: it fits in a batch message. The gateway signed it, so the
        // signature passes and only the size rules stand between the coordinator and a 1 GiB allocation.
        var bomb = DeflateZeros(1L << 30);
        Assert.True(bomb.Length < ProtocolLimits.MaxBatchMessageBytes - 200, $"bomb is {bomb.Length} bytes");

        // Four signed messages of ~1 MB plus at most one 8 MiB buffer: far below the 1 GiB the bomb holds.
        const long Limit = 64L << 20;
        var allocated = Allocations.Measure(
            _ =>
            {
                DecodeAssert.Fails(BatchOpener.Open(Signed(BatchCodec.Deflate, bomb, 4096), Samples.GatewayKey), DecodeErrorCode.LengthMismatch);
                DecodeAssert.Fails(BatchOpener.Open(Signed(BatchCodec.Deflate, bomb, 1u << 30), Samples.GatewayKey), DecodeErrorCode.LimitExceeded);
                DecodeAssert.Fails(BatchOpener.Open(Signed(BatchCodec.Deflate, bomb, uint.MaxValue), Samples.GatewayKey), DecodeErrorCode.LimitExceeded);
                DecodeAssert.Fails(BatchOpener.Open(Signed(BatchCodec.Deflate, bomb, ProtocolLimits.MaxBatchRawBytes), Samples.GatewayKey), DecodeErrorCode.LengthMismatch);
            },
            limit: Limit);

        Assert.True(allocated < Limit, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Stores_uncompressed_when_the_body_would_expand_too_much()
    {
        var frames = Enumerable.Repeat<BatchItem>(new DeviceFrameItem(new byte[4000]), 200).ToArray();
        var batch = BatchSealer.Seal(new GatewayBatchBody(frames, null), "gw-01", 1, 1, BatchCodec.Brotli, Samples.GatewayKey);
        Assert.Equal(BatchCodec.None, batch.Codec);
        Assert.True(BatchOpener.Open(GatewayBatchCodec.Encode(batch), Samples.GatewayKey).IsSuccess);
    }

    [Fact]
    public void Builds_the_tbs_field_by_field()
    {
        var tbs = GatewayBatchSignature.BuildTbs("gw-01", 1, 4711, BatchCodec.Deflate, 300, new byte[] { 7, 7 });
        Assert.Equal("45433142" + "05" + "67772d3031" + "00000001" + "0000000000001267" + "01" + "0000012c" + "00000002" + "0707", Hex.Of(tbs));
    }

    [Fact]
    public void Rejects_batch_seq_zero_and_unknown_codec()
    {
        Assert.Throws<ArgumentException>(() => BatchSealer.Seal(Samples.BatchBody(), "gw-01", 1, 0, BatchCodec.Deflate, Samples.GatewayKey));
        var hex = Hex.Of(Samples.BatchBytes());
        var at = hex.IndexOf("1912670401", StringComparison.Ordinal) + 8;
        DecodeAssert.Fails(GatewayBatchCodec.Decode(Hex.Bytes(hex[..at] + "03" + hex[(at + 2)..])), DecodeErrorCode.InvalidValue);
    }

    private static byte[] Signed(BatchCodec codec, byte[] body, uint rawLength)
    {
        var signature = GatewayBatchSignature.Sign(Samples.GatewayKey, "gw-01", 1, 9, codec, rawLength, body);
        return GatewayBatchCodec.Encode(new GatewayBatch("gw-01", 1, 9, codec, rawLength, body, signature));
    }

    private static byte[] Deflate(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal))
        {
            deflate.Write(raw);
        }

        return output.ToArray();
    }

    private static byte[] DeflateZeros(long length)
    {
        var zeros = new byte[1 << 20];
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal))
        {
            for (long written = 0; written < length; written += zeros.Length)
            {
                deflate.Write(zeros);
            }
        }

        return output.ToArray();
    }
}
