using System.Formats.Cbor;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Internal;

namespace EdgeCompute.Protocol.Coordinator;

/// <summary>Encodes and decodes <see cref="CoordinatorAck"/>: <c>{1: gateway id, 2: boot, 3: stored, 4: rejected, 5: time, 6: signature}</c>.</summary>
public static class CoordinatorAckCodec
{
    private const string What = "coordinator ack";

    /// <summary>The largest ack this library writes or reads: two full seq lists plus the header.</summary>
    public const int MaxBytes = (2 * ProtocolLimits.MaxAckSeqs * 9) + 256;

    /// <summary>Encodes a signed ack.</summary>
    /// <param name="ack">The ack with its signature.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="ArgumentException">The ack breaks the spec (id, list sizes, signature length).</exception>
    public static byte[] Encode(CoordinatorAck ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        if (Check(ack) is { } problem)
        {
            throw new ArgumentException($"{What}: {problem}", nameof(ack));
        }

        if (ack.Signature.Length != GatewayBatch.SignatureLength)
        {
            throw new ArgumentException($"{What}: signature must be {GatewayBatch.SignatureLength} bytes; sign it first", nameof(ack));
        }

        var writer = CborOutput.Create();
        writer.WriteStartMap(6);
        writer.WriteInt32(1);
        writer.WriteTextString(ack.GatewayId);
        writer.WriteInt32(2);
        writer.WriteUInt32(ack.Boot);
        writer.WriteInt32(3);
        WriteSeqs(writer, ack.Stored);
        writer.WriteInt32(4);
        WriteSeqs(writer, ack.Rejected);
        writer.WriteInt32(5);
        writer.WriteInt64(ack.TimeMs);
        writer.WriteInt32(6);
        writer.WriteByteString(ack.Signature.Span);
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>Decodes an ack (no signature check; see <see cref="CoordinatorAckSignature.Open"/>).</summary>
    /// <param name="payload">The payload.</param>
    /// <returns>The ack, or why it was refused.</returns>
    public static DecodeResult<CoordinatorAck> Decode(ReadOnlyMemory<byte> payload) =>
        CborDecoding.Run(payload, MaxBytes, What, Read);

    /// <summary>Checks the fields every ack needs; returns a problem or null.</summary>
    internal static string? Check(CoordinatorAck ack) =>
        !ProtocolId.IsValid(ack.GatewayId) ? ProtocolId.Describe(ack.GatewayId, "gateway id")
        : ack.Stored is null || ack.Rejected is null ? "stored and rejected lists are required"
        : ack.Stored.Count > ProtocolLimits.MaxAckSeqs || ack.Rejected.Count > ProtocolLimits.MaxAckSeqs ? $"a seq list exceeds {ProtocolLimits.MaxAckSeqs} entries"
        : ack.TimeMs < 0 ? "time must not be negative"
        : null;

    private static void WriteSeqs(CborWriter writer, IReadOnlyList<ulong> seqs)
    {
        writer.WriteStartArray(seqs.Count);
        foreach (var seq in seqs)
        {
            writer.WriteUInt64(seq);
        }

        writer.WriteEndArray();
    }

    private static ulong[] ReadSeqs(CborReader reader, string field)
    {
        var seqs = new ulong[reader.ReadArray(field, 0, ProtocolLimits.MaxAckSeqs)];
        for (var i = 0; i < seqs.Length; i++)
        {
            seqs[i] = reader.ReadUInt($"{field} [{i}]");
        }

        reader.ReadEndArray();
        return seqs;
    }

    private static CoordinatorAck Read(CborReader reader)
    {
        var keys = new MapKeys(reader, What);
        var gatewayId = "";
        uint boot = 0;
        ulong[] stored = [], rejected = [];
        long time = 0;
        byte[] signature = [];
        while (keys.Next(reader, out var key))
        {
            switch (key)
            {
                case 1: gatewayId = reader.ReadId("gateway id (key 1)"); break;
                case 2: boot = reader.ReadUInt32("boot (key 2)"); break;
                case 3: stored = ReadSeqs(reader, "stored (key 3)"); break;
                case 4: rejected = ReadSeqs(reader, "rejected (key 4)"); break;
                case 5: time = reader.ReadUInt63("time (key 5)"); break;
                case 6: signature = reader.ReadBytesExact("signature (key 6)", GatewayBatch.SignatureLength); break;
                default: throw keys.Unexpected((ulong)key);
            }
        }

        keys.Require(1, "gateway id");
        keys.Require(2, "boot");
        keys.Require(3, "stored");
        keys.Require(4, "rejected");
        keys.Require(5, "time");
        keys.Require(6, "signature");
        return new CoordinatorAck(gatewayId, boot, stored, rejected, time, signature);
    }
}
