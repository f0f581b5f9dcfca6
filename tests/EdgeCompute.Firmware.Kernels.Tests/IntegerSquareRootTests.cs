using System.Numerics;
using EdgeCompute.Firmware.Kernels;

namespace EdgeCompute.Firmware.Kernels.Tests;

public sealed class IntegerSquareRootTests
{
    private const int Seed = 1414;

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(1UL, 1UL)]
    [InlineData(3UL, 1UL)]
    [InlineData(4UL, 2UL)]
    [InlineData(4294967295UL, 65535UL)]
    [InlineData(4294967296UL, 65536UL)]
    [InlineData(ulong.MaxValue, 4294967295UL)]
    [InlineData(18446744065119617025UL, 4294967295UL)] // (2^32 − 1)²
    [InlineData(18446744065119617024UL, 4294967294UL)]
    public void Floors_known_values(ulong value, ulong expected)
    {
        Assert.Equal(expected, IntegerSquareRoot.Floor(value));
    }

    [Fact]
    public void Floors_seeded_random_values()
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"seed={Seed}");
        var random = new Random(Seed);
        for (var i = 0; i < 20_000; i++)
        {
            var value = (ulong)random.NextInt64() >> random.Next(0, 63);
            var root = new BigInteger(IntegerSquareRoot.Floor(value));

            Assert.True(root * root <= value && (root + 1) * (root + 1) > value, $"sqrt({value})");
        }
    }
}
