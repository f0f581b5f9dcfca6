using EdgeCompute.Protocol.Mqtt.Guard;

namespace EdgeCompute.Protocol.Mqtt.Tests.Guard;

public sealed class PacketSizeGuardStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Three PUBACK-sized packets (fixed header 0x40, remaining length 2, packet id), as they arrive together.
    private static readonly byte[] ThreePackets = [0x40, 0x02, 0x00, 0x01, 0x40, 0x02, 0x00, 0x02, 0x40, 0x02, 0x00, 0x03];

    [Fact]
    public async Task Packets_that_arrive_together_are_handed_out_in_small_reads_from_one_receive()
    {
        var inner = new CountingStream(ThreePackets);
        await using var guard = new PacketSizeGuardStream(inner, new MqttFrameScanner(1000, 1000), _ => Assert.Fail("refused"));

        var handedOut = new List<byte>();
        var header = new byte[2];
        for (var packet = 0; packet < 3; packet++)
        {
            // MQTTnet's way: the fixed header's two bytes, then the body it announces.
            Assert.Equal(2, await guard.ReadAsync(header, Ct));
            var body = new byte[header[1]];
            Assert.Equal(body.Length, await guard.ReadAsync(body, Ct));
            handedOut.AddRange(header);
            handedOut.AddRange(body);
        }

        Assert.Equal(ThreePackets, handedOut);
        Assert.Equal(1, inner.Reads);
        Assert.Equal(0, await guard.ReadAsync(header, Ct)); // then the end of the stream
    }

    [Fact]
    public async Task A_packet_announcing_too_much_after_an_honest_one_is_refused_when_its_length_is_reached()
    {
        // An honest 4-byte packet, then one announcing 16,384 bytes (0x80 0x80 0x01), both in one receive.
        byte[] bytes = [0x40, 0x02, 0x00, 0x01, 0x30, 0x80, 0x80, 0x01, 0xAA];
        var refusals = 0;
        await using var guard = new PacketSizeGuardStream(new CountingStream(bytes), new MqttFrameScanner(1000, 1000), _ => refusals++);

        var header = new byte[2];
        Assert.Equal(2, await guard.ReadAsync(header, Ct));
        Assert.Equal(2, await guard.ReadAsync(new byte[2], Ct));
        Assert.Equal(0, refusals);

        Assert.Equal(2, await guard.ReadAsync(header, Ct)); // 0x30 0x80: nothing announced yet
        Assert.Equal(0, refusals);

        Assert.Equal(0, await guard.ReadAsync(header, Ct)); // 0x80 0x01 announce 16,384: read as the end of the stream
        Assert.Equal(1, refusals);
        Assert.Equal(0, await guard.ReadAsync(header, Ct));
    }

    /// <summary>A stream over fixed bytes that counts the reads it serves.</summary>
    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public int Reads { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Reads++;
            return base.ReadAsync(buffer, cancellationToken);
        }
    }
}
