using System.Numerics;
using EdgeCompute.Firmware.Kernels.Aggregation;

namespace EdgeCompute.Firmware.Kernels.Tests.Aggregation;

public sealed class Wide128Tests
{
    private const int Seed = 128128;

    [Fact]
    public void Multiplies_64_bit_values_exactly()
    {
        var random = Seeded();
        for (var i = 0; i < 5000; i++)
        {
            var a = NextUlong(random);
            var b = NextUlong(random);

            Assert.Equal(new BigInteger(a) * b, ToBig(Wide128.Multiply(a, b)));
        }

        Assert.Equal(new BigInteger(ulong.MaxValue) * ulong.MaxValue, ToBig(Wide128.Multiply(ulong.MaxValue, ulong.MaxValue)));
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(-1L)]
    [InlineData(0L)]
    [InlineData(-4294967295L)]
    public void Squares_signed_values_exactly(long value)
    {
        Assert.Equal(new BigInteger(value) * value, ToBig(Wide128.Square(value)));
    }

    [Fact]
    public void Adds_with_carry_and_detects_overflow()
    {
        var value = new Wide128(0, ulong.MaxValue);
        value.Add(1);
        Assert.Equal(BigInteger.One << 64, ToBig(value));

        var sum = Wide128.Add(new Wide128(1, ulong.MaxValue), new Wide128(2, 1));
        Assert.Equal((new BigInteger(4) << 64), ToBig(sum));

        var full = new Wide128(ulong.MaxValue, ulong.MaxValue);
        Assert.Throws<InvalidOperationException>(() => full.Add(1));
        Assert.Throws<InvalidOperationException>(() => Wide128.Add(full, new Wide128(0, 1)));
        Assert.Throws<InvalidOperationException>(() => Wide128.Add(new Wide128(ulong.MaxValue, 1), new Wide128(0, ulong.MaxValue)));
    }

    [Fact]
    public void Multiplies_128_by_64_bits_and_detects_overflow()
    {
        var random = Seeded();
        for (var i = 0; i < 5000; i++)
        {
            var a = new Wide128(NextUlong(random) >> random.Next(1, 64), NextUlong(random));
            var b = NextUlong(random) >> random.Next(0, 64);
            var expected = ToBig(a) * b;

            if (expected >> 128 == 0)
            {
                Assert.Equal(expected, ToBig(Wide128.Multiply(a, b)));
            }
            else
            {
                Assert.Throws<InvalidOperationException>(() => Wide128.Multiply(a, b));
            }
        }

        Assert.Throws<InvalidOperationException>(() => Wide128.Multiply(new Wide128(1UL << 63, 0), 2));
    }

    [Fact]
    public void Subtracts_with_borrow_and_rejects_underflow()
    {
        var random = Seeded();
        for (var i = 0; i < 5000; i++)
        {
            var a = new Wide128(NextUlong(random), NextUlong(random));
            var b = new Wide128(NextUlong(random) >> random.Next(0, 64), NextUlong(random));
            var difference = ToBig(a) - ToBig(b);

            if (difference >= 0)
            {
                Assert.Equal(difference, ToBig(Wide128.Subtract(a, b)));
            }
            else
            {
                Assert.Throws<InvalidOperationException>(() => Wide128.Subtract(a, b));
            }
        }
    }

    [Fact]
    public void Divides_by_64_bit_divisors_with_remainder()
    {
        var random = Seeded();
        for (var i = 0; i < 5000; i++)
        {
            var divisor = Math.Max(1UL, NextUlong(random) >> random.Next(0, 64));
            var dividend = new Wide128(divisor == 1 ? 0 : NextUlong(random) % divisor, NextUlong(random));

            var quotient = Wide128.Divide(dividend, divisor, out var remainder);

            var expected = BigInteger.DivRem(ToBig(dividend), divisor, out var expectedRemainder);
            Assert.Equal(expected, new BigInteger(quotient));
            Assert.Equal(expectedRemainder, new BigInteger(remainder));
        }

        var top = Wide128.Divide(new Wide128(ulong.MaxValue - 1, ulong.MaxValue), ulong.MaxValue, out var topRemainder);
        Assert.Equal(ulong.MaxValue, top);
        Assert.Equal(ulong.MaxValue - 1, topRemainder);
    }

    [Fact]
    public void Divide_rejects_zero_divisor_and_quotient_overflow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Wide128.Divide(new Wide128(0, 5), 0, out _));
        Assert.Throws<InvalidOperationException>(() => Wide128.Divide(new Wide128(7, 0), 7, out _));
    }

    [Fact]
    public void Compares_by_high_then_low_word()
    {
        Assert.Equal(-1, Wide128.Compare(new Wide128(0, ulong.MaxValue), new Wide128(1, 0)));
        Assert.Equal(1, Wide128.Compare(new Wide128(1, 1), new Wide128(1, 0)));
        Assert.Equal(0, Wide128.Compare(new Wide128(3, 4), new Wide128(3, 4)));
    }

    private static Random Seeded()
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"seed={Seed}");
        return new Random(Seed);
    }

    private static ulong NextUlong(Random random) => (ulong)random.NextInt64() ^ ((ulong)random.Next(0, 2) << 63);

    private static BigInteger ToBig(Wide128 value) => (new BigInteger(value.High) << 64) + value.Low;
}
