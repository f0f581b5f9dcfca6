using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using EdgeCompute.Firmware.Kernels;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Kernels.Tests;

public sealed class PowSha256KernelTests
{
    private const int Seed = 256;
    private const int Difficulty = 12;
    private const ulong Start = 1_000_000;

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(64)]
    public void Finds_the_same_nonce_as_a_brute_force_reference(int prefixLength)
    {
        var prefix = Prefix(prefixLength);
        var expected = ReferenceSearch(prefix, Start, 1 << 20, Difficulty);
        Assert.NotNull(expected.Nonce);

        var output = new KernelOutput();
        new PowSha256Kernel().Run(prefix, prefixLength, Start, 1 << 20, Difficulty, 10_000_000, output);

        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.True(output.Found);
        Assert.Equal(expected.Nonce!.Value, output.Nonce);
        Assert.Equal((long)(expected.Nonce.Value - Start + 1), output.Ops);
        Assert.Equal(32, output.DigestLength);
        Assert.Equal(expected.Digest, output.Digest);
        Assert.Equal(0, output.NumberCount);
    }

    [Fact]
    public void Reports_not_found_in_a_range_without_a_hit()
    {
        var prefix = Prefix(20);
        var hit = ReferenceSearch(prefix, Start, 1 << 20, Difficulty).Nonce!.Value;
        var kernel = new PowSha256Kernel();
        var output = new KernelOutput();

        // The reference's next hit after `hit` bounds a non-empty range [hit + 1, next) without one.
        var from = hit + 1;
        var next = ReferenceSearch(prefix, from, 1 << 20, Difficulty).Nonce!.Value;
        Assert.True(next > from);
        kernel.Run(prefix, prefix.Length, from, next - from, Difficulty, long.MaxValue, output);

        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.False(output.Found);
        Assert.Equal(0, output.DigestLength);
        Assert.Equal((long)(next - from), output.Ops);
    }

    [Fact]
    public void Difficulty_zero_takes_the_first_nonce()
    {
        var output = new KernelOutput();
        new PowSha256Kernel().Run([1, 2, 3], 3, 42, 10, 0, 1, output);

        Assert.True(output.Found);
        Assert.Equal(42UL, output.Nonce);
        Assert.Equal(1, output.Ops);
        Assert.Equal(SHA256.HashData([1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 42]), output.Digest);
    }

    [Fact]
    public void Accepts_a_range_ending_at_the_last_nonce()
    {
        var output = new KernelOutput();
        new PowSha256Kernel().Run([], 0, ulong.MaxValue - 2, 3, 255, 100, output);

        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.False(output.Found);
        Assert.Equal(3, output.Ops);
    }

    [Fact]
    public void Stops_when_op_budget_is_exhausted()
    {
        var prefix = Prefix(10);
        var hit = ReferenceSearch(prefix, Start, 1 << 20, Difficulty).Nonce!.Value;
        var needed = (long)(hit - Start + 1);
        var kernel = new PowSha256Kernel();
        var output = new KernelOutput();

        kernel.Run(prefix, prefix.Length, Start, 1 << 20, Difficulty, needed - 1, output);
        Assert.Equal(KernelStatus.BudgetExceeded, output.Status);
        Assert.Equal(needed - 1, output.Ops);
        Assert.False(output.Found);
        Assert.Equal(0, output.DigestLength);

        kernel.Run(prefix, prefix.Length, Start, 1 << 20, Difficulty, needed, output);
        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.True(output.Found);

        kernel.Run(prefix, prefix.Length, Start, 1 << 20, Difficulty, 0, output);
        Assert.Equal(KernelStatus.BudgetExceeded, output.Status);
        Assert.Equal(0, output.Ops);
    }

    [Theory]
    [InlineData(65, 1UL, 1UL, 8, 100L)]            // prefix too long
    [InlineData(-1, 1UL, 1UL, 8, 100L)]            // negative prefix length
    [InlineData(11, 1UL, 1UL, 8, 100L)]            // beyond the array
    [InlineData(4, 1UL, 0UL, 8, 100L)]             // no nonces
    [InlineData(4, 1UL, 1UL, 256, 100L)]           // difficulty too high
    [InlineData(4, 1UL, 1UL, -1, 100L)]            // negative difficulty
    [InlineData(4, ulong.MaxValue, 2UL, 8, 100L)]  // range passes 2^64 − 1
    [InlineData(4, 1UL, 1UL, 8, -1L)]              // negative budget
    public void Rejects_bad_params(int prefixLength, ulong start, ulong count, int difficulty, long budget)
    {
        var output = new KernelOutput();
        new PowSha256Kernel().Run(new byte[10], prefixLength, start, count, difficulty, budget, output);

        Assert.Equal(KernelStatus.BadParams, output.Status);
        Assert.Equal(0, output.Ops);
        Assert.False(output.Found);
    }

    [Fact]
    public void Rejects_a_null_prefix_with_a_length_but_accepts_it_empty()
    {
        var kernel = new PowSha256Kernel();
        var output = new KernelOutput();

        kernel.Run(null!, 1, 0, 1, 0, 10, output);
        Assert.Equal(KernelStatus.BadParams, output.Status);

        kernel.Run(null!, 0, 0, 1, 0, 10, output);
        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.True(output.Found);
    }

    [Fact]
    public void A_second_run_on_a_reused_output_gives_the_same_result()
    {
        var prefix = Prefix(32);
        var kernel = new PowSha256Kernel();
        var output = new KernelOutput();

        kernel.Run(prefix, prefix.Length, Start, 1 << 20, Difficulty, long.MaxValue, output);
        var nonce = output.Nonce;
        var digest = output.Digest.ToArray();
        var ops = output.Ops;
        new PowSha256Kernel().Run(prefix, prefix.Length, 0, 1, 255, 10, output); // leaves different state behind
        kernel.Run(prefix, prefix.Length, Start, 1 << 20, Difficulty, long.MaxValue, output);

        Assert.True(output.Found);
        Assert.Equal(nonce, output.Nonce);
        Assert.Equal(digest, output.Digest);
        Assert.Equal(ops, output.Ops);
    }

    [Fact]
    public void Run_allocates_nothing()
    {
        var prefix = Prefix(40);
        var kernel = new PowSha256Kernel();
        var output = new KernelOutput();
        kernel.Run(prefix, prefix.Length, 0, 100, 255, 1000, output);

        Allocations.AssertNone(_ => kernel.Run(prefix, prefix.Length, 0, 10_000, 255, 100_000, output));
    }

    [Theory]
    [InlineData("00ff", 8, true)]
    [InlineData("00ff", 9, false)]
    [InlineData("000f", 12, true)]
    [InlineData("000f", 13, false)]
    [InlineData("7f00", 1, true)]
    [InlineData("8000", 1, false)]
    [InlineData("8000", 0, true)]
    public void Counts_leading_zero_bits(string hexStart, int bits, bool expected)
    {
        var digest = new byte[32];
        Convert.FromHexString(hexStart).CopyTo(digest, 0);

        Assert.Equal(expected, PowSha256Kernel.HasLeadingZeroBits(digest, bits));
    }

    [Fact]
    public void An_all_zero_digest_meets_difficulty_255()
    {
        Assert.True(PowSha256Kernel.HasLeadingZeroBits(new byte[32], 255));
        var almost = new byte[32];
        almost[31] = 1;
        Assert.True(PowSha256Kernel.HasLeadingZeroBits(almost, 255));
        almost[31] = 2;
        Assert.False(PowSha256Kernel.HasLeadingZeroBits(almost, 255));
    }

    private static byte[] Prefix(int length)
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"seed={Seed}");
        var prefix = new byte[length];
        new Random(Seed + length).NextBytes(prefix);
        return prefix;
    }

    private static (ulong? Nonce, byte[]? Digest) ReferenceSearch(byte[] prefix, ulong start, ulong count, int difficulty)
    {
        var message = new byte[prefix.Length + 8];
        prefix.CopyTo(message, 0);
        for (var nonce = start; nonce < start + count; nonce++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(prefix.Length), nonce);
            var digest = SHA256.HashData(message);
            var zeros = 0;
            foreach (var b in digest)
            {
                if (b == 0)
                {
                    zeros += 8;
                    continue;
                }

                zeros += BitOperations.LeadingZeroCount((uint)b) - 24;
                break;
            }

            if (zeros >= difficulty)
            {
                return (nonce, digest);
            }
        }

        return (null, null);
    }
}
