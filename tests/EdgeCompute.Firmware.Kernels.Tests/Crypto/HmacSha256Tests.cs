using System.Text;
using EdgeCompute.Firmware.Kernels.Crypto;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Kernels.Tests.Crypto;

public sealed class HmacSha256Tests
{
    private const int Seed = 4231;

    private static readonly string LongKeyHex = new('a', 2 * 131);

    public static TheoryData<string, string, string> Rfc4231Cases => new()
    {
        // Test case 1
        { "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", Hex("Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
        // Test case 2
        { Hex("Jefe"), Hex("what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
        // Test case 3
        { new string('a', 40), new string('d', 100), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
        // Test case 4
        { "0102030405060708090a0b0c0d0e0f10111213141516171819", string.Concat(Enumerable.Repeat("cd", 50)), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
        // Test case 5 (the RFC truncates the output to 128 bits; compared on that prefix)
        { "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", Hex("Test With Truncation"), "a3b6167473100ee06e0c796c2955552b" },
        // Test case 6
        { LongKeyHex, Hex("Test Using Larger Than Block-Size Key - Hash Key First"), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
        // Test case 7
        {
            LongKeyHex,
            Hex("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc4231Cases))]
    public void Matches_rfc4231_test_cases(string keyHex, string dataHex, string expectedHex)
    {
        var key = Convert.FromHexString(keyHex);
        var data = Convert.FromHexString(dataHex);
        var mac = new byte[HmacSha256.MacSize];

        HmacSha256.Compute(key, data, 0, data.Length, mac, 0);

        Assert.Equal(expectedHex, Convert.ToHexStringLower(mac)[..expectedHex.Length]);
    }

    [Fact]
    public void Matches_dotnet_hmacsha256_for_random_keys_and_data()
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"seed={Seed}");
        var random = new Random(Seed);
        var mac = new byte[HmacSha256.MacSize];

        for (var round = 0; round < 300; round++)
        {
            var key = new byte[round <= 200 ? round : random.Next(0, 201)];
            random.NextBytes(key);
            var data = new byte[random.Next(0, 1500)];
            random.NextBytes(data);
            var hmac = new HmacSha256(key);

            var at = 0;
            while (at < data.Length)
            {
                var take = random.Next(0, Math.Min(data.Length - at, 100) + 1);
                hmac.Update(data, at, take);
                at += take;
            }

            hmac.Final(mac, 0);

            var expected = System.Security.Cryptography.HMACSHA256.HashData(key, data);
            Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(mac));
        }
    }

    [Fact]
    public void Final_resets_to_the_keyed_state_for_reuse()
    {
        var hmac = new HmacSha256(Encoding.ASCII.GetBytes("Jefe"));
        var data = Encoding.ASCII.GetBytes("what do ya want for nothing?");
        var first = new byte[32];
        var second = new byte[32];

        hmac.Update(data, 0, data.Length);
        hmac.Final(first, 0);
        hmac.Update(data, 0, data.Length);
        hmac.Final(second, 0);

        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Convert.ToHexStringLower(second));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Reset_discards_earlier_input()
    {
        var hmac = new HmacSha256(Encoding.ASCII.GetBytes("Jefe"));
        var junk = new byte[77];
        var data = Encoding.ASCII.GetBytes("what do ya want for nothing?");
        var mac = new byte[32];

        hmac.Update(junk, 0, junk.Length);
        hmac.Reset();
        hmac.Update(data, 0, data.Length);
        hmac.Final(mac, 0);

        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void Update_and_final_allocate_nothing()
    {
        var hmac = new HmacSha256(new byte[32]);
        var data = new byte[200];
        var mac = new byte[32];
        hmac.Update(data, 0, data.Length);
        hmac.Final(mac, 0);

        Allocations.AssertNone(
            i =>
            {
                hmac.Update(data, 0, i % 200);
                hmac.Final(mac, 0);
            },
            calls: 1000);
    }

    [Fact]
    public void Fixed_time_equals_compares_ranges()
    {
        var a = new byte[] { 9, 1, 2, 3, 4 };
        var b = new byte[] { 1, 2, 3, 4 };
        var c = new byte[] { 1, 2, 3, 5 };

        Assert.True(HmacSha256.FixedTimeEquals(a, 1, b, 0, 4));
        Assert.False(HmacSha256.FixedTimeEquals(a, 1, c, 0, 4));
        Assert.True(HmacSha256.FixedTimeEquals(a, 1, c, 0, 3));
        Assert.True(HmacSha256.FixedTimeEquals(a, 0, c, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => HmacSha256.FixedTimeEquals(a, 2, b, 0, 4));
    }

    private static string Hex(string ascii) => Convert.ToHexString(Encoding.ASCII.GetBytes(ascii));
}
