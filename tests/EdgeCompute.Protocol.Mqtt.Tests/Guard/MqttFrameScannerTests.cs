using EdgeCompute.Protocol.Mqtt.Guard;
using EdgeCompute.Tests;

namespace EdgeCompute.Protocol.Mqtt.Tests.Guard;

/// <summary>The scanner follows MQTT framing through any split of the stream and refuses an oversized packet from its length bytes alone.</summary>
public sealed class MqttFrameScannerTests
{
    [Fact]
    public void Packets_within_the_limits_pass_however_the_stream_is_split()
    {
        var random = TestSeed.Random(1441);
        var stream = Packets(Packet(0x10, 120), Packet(0x32, 8000), Packet(0xC0, 0), Packet(0x32, 127), Packet(0x32, 128), Packet(0x32, 16_383));
        for (var trial = 0; trial < 200; trial++)
        {
            var scanner = new MqttFrameScanner(maxPacketBytes: 16_387, maxFirstPacketBytes: 200);
            for (var at = 0; at < stream.Length;)
            {
                var take = Math.Min(stream.Length - at, random.Next(1, 300));
                Assert.True(scanner.Accept(stream.AsSpan(at, take)), $"refused at byte {at} of trial {trial}");
                at += take;
            }
        }
    }

    [Fact]
    public void A_connect_announcing_256_MB_is_refused_at_its_second_length_byte_before_the_body()
    {
        var scanner = new MqttFrameScanner(maxPacketBytes: 8192, maxFirstPacketBytes: 4096);

        Assert.True(scanner.Accept([0x10, 0xFF]));   // 127 so far: could still be small
        Assert.False(scanner.Accept([0xFF]));        // at least 16,383: over 4,096

        Assert.True(scanner.RefusedFirst);
        Assert.Equal(1 + 2 + 16_383, scanner.RefusedBytes);
    }

    [Fact]
    public void After_the_connect_a_packet_may_use_the_larger_limit_and_no_more()
    {
        var scanner = new MqttFrameScanner(maxPacketBytes: 1_052_672, maxFirstPacketBytes: 4096);
        Assert.True(scanner.Accept(Packet(0x10, 200)));
        Assert.True(scanner.Accept(Packet(0x32, 1_048_576)));

        Assert.False(scanner.Accept([0x32, 0x80, 0x80, 0x80, 0x01])); // 2,097,152 bytes announced

        Assert.False(scanner.RefusedFirst);
        Assert.Equal(1 + 4 + 2_097_152, scanner.RefusedBytes);
    }

    [Fact]
    public void A_length_of_more_than_four_bytes_is_refused()
    {
        var scanner = new MqttFrameScanner(maxPacketBytes: int.MaxValue, maxFirstPacketBytes: int.MaxValue);

        Assert.False(scanner.Accept([0x10, 0x80, 0x80, 0x80, 0x80, 0x01]));
    }

    private static byte[] Packets(params byte[][] packets) => [.. packets.SelectMany(p => p)];

    private static byte[] Packet(byte type, int bodyLength)
    {
        var header = new List<byte> { type };
        var length = bodyLength;
        do
        {
            var b = (byte)(length % 128);
            length /= 128;
            header.Add(length > 0 ? (byte)(b | 0x80) : b);
        }
        while (length > 0);

        return [.. header, .. new byte[bodyLength]];
    }
}
