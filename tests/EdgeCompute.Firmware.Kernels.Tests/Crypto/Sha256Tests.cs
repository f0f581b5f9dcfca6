using System.Text;
using EdgeCompute.Firmware.Kernels.Crypto;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Kernels.Tests.Crypto;

public sealed class Sha256Tests
{
    private const int Seed = 20251124;

    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData(
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData(
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void Matches_nist_vectors(string message, string expectedHex)
    {
        var data = Encoding.ASCII.GetBytes(message);
        var digest = new byte[Sha256.HashSize];

        Sha256.Hash(data, 0, data.Length, digest, 0);

        Assert.Equal(expectedHex, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Matches_nist_vector_for_one_million_a()
    {
        var chunk = new byte[1000];
        Array.Fill(chunk, (byte)'a');
        var sha = new Sha256();
        for (var i = 0; i < 1000; i++)
        {
            sha.Update(chunk, 0, chunk.Length);
        }

        var digest = new byte[Sha256.HashSize];
        sha.Final(digest, 0);

        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Matches_dotnet_sha256_for_random_lengths_and_chunk_splits()
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"seed={Seed}");
        var random = new Random(Seed);
        var sha = new Sha256();
        var digest = new byte[Sha256.HashSize + 7];

        for (var round = 0; round < 400; round++)
        {
            var length = round < 200 ? round : random.Next(0, 2001);
            var data = new byte[length + 10];
            random.NextBytes(data);
            var start = random.Next(0, 11);

            var at = start;
            var left = length;
            while (left > 0)
            {
                var take = random.Next(0, 4) == 0 ? random.Next(0, left + 1) : random.Next(0, Math.Min(left, 130) + 1);
                sha.Update(data, at, take);
                at += take;
                left -= take;
            }

            sha.Final(digest, 7);

            var expected = System.Security.Cryptography.SHA256.HashData(data.AsSpan(start, length));
            Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(digest.AsSpan(7, 32)));
        }
    }

    [Fact]
    public void Final_resets_so_the_instance_can_be_reused()
    {
        var sha = new Sha256();
        var abc = Encoding.ASCII.GetBytes("abc");
        var first = new byte[32];
        var second = new byte[32];

        sha.Update(abc, 0, abc.Length);
        sha.Final(first, 0);
        sha.Update(abc, 0, abc.Length);
        sha.Final(second, 0);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Reset_discards_earlier_input()
    {
        var sha = new Sha256();
        var junk = new byte[100];
        var abc = Encoding.ASCII.GetBytes("abc");
        var digest = new byte[32];

        sha.Update(junk, 0, junk.Length);
        sha.Reset();
        sha.Update(abc, 0, abc.Length);
        sha.Final(digest, 0);

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Update_and_final_allocate_nothing()
    {
        var sha = new Sha256();
        var data = new byte[300];
        var digest = new byte[32];
        sha.Update(data, 0, data.Length);
        sha.Final(digest, 0);

        Allocations.AssertNone(
            i =>
            {
                sha.Update(data, 0, 1 + (i % 300));
                sha.Final(digest, 0);
            },
            calls: 1000);
    }

    [Fact]
    public void Rejects_ranges_outside_the_buffer()
    {
        var sha = new Sha256();
        var data = new byte[10];

        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, 5, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Final(new byte[31], 0));
    }

    [Fact]
    public void Static_hash_allocates_nothing_after_the_first_call()
    {
        var data = new byte[200];
        var digest = new byte[32];
        Sha256.Hash(data, 0, data.Length, digest, 0);

        Allocations.AssertNone(_ => Sha256.Hash(data, 0, data.Length, digest, 0), calls: 1000);

        Assert.Equal(System.Security.Cryptography.SHA256.HashData(data), digest);
    }
}
