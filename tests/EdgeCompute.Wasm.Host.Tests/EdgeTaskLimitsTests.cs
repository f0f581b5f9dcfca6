namespace EdgeCompute.Wasm.Host.Tests;

public sealed class EdgeTaskLimitsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Null(EdgeTaskLimits.Default.Check());
    }

    [Fact]
    public void Names_the_limit_that_is_out_of_range()
    {
        Assert.StartsWith("Fuel", (EdgeTaskLimits.Default with { Fuel = 0 }).Check(), StringComparison.Ordinal);
        Assert.StartsWith("MemoryBytes", (EdgeTaskLimits.Default with { MemoryBytes = 1 }).Check(), StringComparison.Ordinal);
        Assert.StartsWith("Deadline", (EdgeTaskLimits.Default with { Deadline = TimeSpan.Zero }).Check(), StringComparison.Ordinal);
    }
}
