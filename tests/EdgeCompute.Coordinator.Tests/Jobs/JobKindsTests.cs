using EdgeCompute.Coordinator.Domain.Jobs;

namespace EdgeCompute.Coordinator.Tests.Jobs;

public sealed class JobKindsTests
{
    [Theory]
    [InlineData(JobKind.Pow, "pow")]
    [InlineData(JobKind.MonteCarloPi, "montecarlo-pi")]
    [InlineData(JobKind.Primes, "primes")]
    [InlineData(JobKind.WasmMap, "wasm-map")]
    [InlineData(JobKind.SensorQuery, "sensor-query")]
    public void Names_and_parses_every_kind(JobKind kind, string name)
    {
        Assert.Equal(name, JobKinds.Name(kind));
        Assert.True(JobKinds.TryParse(name, out var parsed));
        Assert.Equal(kind, parsed);
    }

    [Theory]
    [InlineData("POW")]
    [InlineData("wasm")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_unknown_names(string? name) => Assert.False(JobKinds.TryParse(name, out _));

    [Fact]
    public void Lists_the_five_kinds_in_enum_order() =>
        Assert.Equal(Enum.GetValues<JobKind>().Select(JobKinds.Name), JobKinds.All);
}
