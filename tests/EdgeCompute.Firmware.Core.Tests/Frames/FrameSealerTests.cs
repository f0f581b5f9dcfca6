using System.Security.Cryptography;
using System.Text;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Core.Tests.Cbor;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Core.Tests.Frames;

public sealed class FrameSealerTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

    // Built field by field from docs/protocol.md, independently of the code under test.
    internal static byte[] Tbs(string id, uint boot, uint seq, int type, byte[] body, byte[]? assignment)
    {
        var tbs = new List<byte>();
        tbs.AddRange("EC1F"u8.ToArray());
        tbs.Add((byte)id.Length);
        tbs.AddRange(Encoding.ASCII.GetBytes(id));
        tbs.AddRange(BigEndian(boot));
        tbs.AddRange(BigEndian(seq));
        tbs.Add((byte)type);
        tbs.AddRange(BigEndian((uint)body.Length));
        tbs.AddRange(body);
        if (assignment != null)
        {
            tbs.AddRange(SHA256.HashData(assignment));
        }

        return [.. tbs];
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static byte[] Seal(FrameSealer sealer, uint boot, uint seq, int type, byte[] body, byte[]? hash)
    {
        var encoder = new CborEncoder(new byte[4096]);
        Assert.True(sealer.Seal(boot, seq, type, body, 0, body.Length, hash, 0, encoder));
        return encoder.Buffer[..encoder.Length];
    }

    [Fact]
    public void Envelope_holds_the_six_fields_in_key_order()
    {
        var sealer = new FrameSealer("dev-0001", Key);
        byte[] body = [0x83, 1, 2, 3];
        var frame = Seal(sealer, 3, 17, FrameType.WindowSummary, body, null);
        var mac = HMACSHA256.HashData(Key, Tbs("dev-0001", 3, 17, 1, body, null));
        Assert.Equal(
            "{1: \"dev-0001\", 2: 3, 3: 17, 4: 1, 5: h'83010203', 6: h'" + Convert.ToHexString(mac).ToLowerInvariant() + "'}",
            CborDiagnostic.Of(frame));
    }

    [Theory]
    [InlineData(FrameType.WindowSummary, 1u, 1u)]
    [InlineData(FrameType.RawSamples, 4294967295u, 4294967295u)]
    [InlineData(FrameType.Birth, 7u, 0u)]
    public void Mac_equals_hmac_sha256_over_the_spec_tbs(int type, uint boot, uint seq)
    {
        var random = new Random(type);
        var body = new byte[300];
        random.NextBytes(body);
        var sealer = new FrameSealer("a-b-9", Key);
        var frame = Seal(sealer, boot, seq, type, body, null);

        var expected = HMACSHA256.HashData(Key, Tbs("a-b-9", boot, seq, type, body, null));
        Assert.Equal(expected, frame[^32..]);
    }

    [Fact]
    public void Result_mac_covers_the_hash_of_the_exact_assignment_bytes()
    {
        var assignment = Convert.FromHexString(TaskAssignmentReaderTests.SpecExampleHex);
        var hash = SHA256.HashData(assignment);
        byte[] body = [0xa0];
        var sealer = new FrameSealer("dev-0001", Key);
        var frame = Seal(sealer, 2, 5, FrameType.Result, body, hash);

        Assert.Equal(HMACSHA256.HashData(Key, Tbs("dev-0001", 2, 5, 3, body, assignment)), frame[^32..]);

        assignment[^1] ^= 1;
        Assert.NotEqual(HMACSHA256.HashData(Key, Tbs("dev-0001", 2, 5, 3, body, assignment)), frame[^32..]);
    }

    [Fact]
    public void Requires_the_assignment_hash_for_results_and_only_for_results()
    {
        var sealer = new FrameSealer("dev-0001", Key);
        var encoder = new CborEncoder(new byte[256]);
        Assert.Throws<ArgumentException>(() => sealer.Seal(1, 1, FrameType.Result, [0xa0], 0, 1, null, 0, encoder));
        Assert.Throws<ArgumentException>(() => sealer.Seal(1, 1, FrameType.WindowSummary, [0xa0], 0, 1, new byte[32], 0, encoder));
        Assert.Throws<ArgumentOutOfRangeException>(() => sealer.Seal(1, 1, 5, [0xa0], 0, 1, null, 0, encoder));
    }

    [Fact]
    public void Reports_a_frame_that_does_not_fit_or_a_body_over_the_limit()
    {
        var sealer = new FrameSealer("dev-0001", Key);
        Assert.False(sealer.Seal(1, 1, FrameType.WindowSummary, new byte[100], 0, 100, null, 0, new CborEncoder(new byte[120])));
        Assert.False(sealer.Seal(1, 1, FrameType.WindowSummary, new byte[3585], 0, 3585, null, 0, new CborEncoder(new byte[5000])));
        Assert.True(sealer.Seal(1, 1, FrameType.WindowSummary, new byte[3584], 0, 3584, null, 0, new CborEncoder(new byte[4096])));
    }

    [Fact]
    public void Refuses_bad_ids_and_keys()
    {
        Assert.Throws<ArgumentException>(() => new FrameSealer("Dev", Key));
        Assert.Throws<ArgumentException>(() => new FrameSealer(new string('a', 33), Key));
        Assert.Throws<ArgumentException>(() => new FrameSealer("dev", new byte[16]));
    }

    [Fact]
    public void Sealing_allocates_nothing()
    {
        var sealer = new FrameSealer("dev-0001", Key);
        var encoder = new CborEncoder(new byte[4096]);
        var body = new byte[1000];
        var hash = new byte[32];
        encoder.Reset();
        sealer.Seal(1, 1, FrameType.Result, body, 0, body.Length, hash, 0, encoder);

        Allocations.AssertNone(
            i =>
            {
                encoder.Reset();
                sealer.Seal(1, (uint)i, FrameType.WindowSummary, body, 0, body.Length, null, 0, encoder);
                encoder.Reset();
                sealer.Seal(1, (uint)i, FrameType.Result, body, 0, body.Length, hash, 0, encoder);
            },
            calls: 100);
    }
}
