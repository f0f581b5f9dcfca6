namespace EdgeCompute.Tests;

/// <summary>
/// Seeds for randomised tests. Each test names its own fixed seed so a run is repeatable;
/// <c>EDGECOMPUTE_TEST_SEED</c> overrides it to explore. The seed in use is printed with the test output.
/// </summary>
internal static class TestSeed
{
    public static int Pick(int fixedSeed)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("EDGECOMPUTE_TEST_SEED");
        var seed = int.TryParse(fromEnvironment, out var s) ? s : fixedSeed;
        TestContext.Current.TestOutputHelper?.WriteLine($"seed={seed}");
        return seed;
    }

    public static Random Random(int fixedSeed) => new(Pick(fixedSeed));
}
