using System.Globalization;

namespace EdgeCompute.Protocol.Tests.Support;

/// <summary>Seeded randomness: the seed is printed so a failing run can be replayed with EDGECOMPUTE_TEST_SEED.</summary>
internal static class Seeds
{
    public static Random Create(out int seed)
    {
        seed = Environment.GetEnvironmentVariable("EDGECOMPUTE_TEST_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        TestContext.Current.TestOutputHelper?.WriteLine($"seed={seed}");
        return new Random(seed);
    }

    public static Random Create() => Create(out _);
}
