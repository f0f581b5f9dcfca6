using EdgeCompute.Firmware.Kernels;

namespace EdgeCompute.Firmware.Kernels.Tests;

public sealed class SplitMix64Tests
{
    [Fact]
    public void Matches_the_reference_sequence_for_seed_1234567()
    {
        // Outputs of Vigna's splitmix64.c seeded with 1234567.
        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
        var state = 1234567UL;

        foreach (var value in expected)
        {
            Assert.Equal(value, SplitMix64.Next(ref state));
        }
    }

    [Fact]
    public void Advances_the_state_by_the_golden_gamma()
    {
        var state = 0UL;
        SplitMix64.Next(ref state);
        SplitMix64.Next(ref state);

        Assert.Equal(unchecked(2 * 0x9E3779B97F4A7C15UL), state);
    }
}
