using EdgeCompute.Benchmarks.Verification;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Benchmarks.Tests.Verification;

public sealed class VerificationArgsTests
{
    [Fact]
    public void Without_options_both_columns_run_todays_defaults()
    {
        var parsed = VerificationArgs.Parse(["--seed", "5"]);

        Assert.Equal(5, parsed.Seed);
        Assert.Equal(PolicySetting.CurrentKernel(), parsed.Kernel);
        Assert.Equal(PolicySetting.CurrentWasm(), parsed.Wasm);
        Assert.Equal(VerificationMethod.AdaptiveReplication, parsed.Kernel.Method);
        Assert.True(parsed.Options.Tasks >= 10_000);
        Assert.True(parsed.Options.Trials >= 1_000);
    }

    [Fact]
    public void Policy_options_change_the_columns_they_name()
    {
        var parsed = VerificationArgs.Parse(["--wasm", "adaptive", "--reexec", "0.05", "--spot-check", "0.2"]);

        Assert.Equal(VerificationMethod.AdaptiveReplication, parsed.Wasm.Method);
        Assert.Equal(0.05, parsed.Wasm.AuditRate);
        Assert.Equal(0, parsed.Kernel.AuditRate);
        Assert.Equal(0.2, parsed.Kernel.SpotCheckRate);
    }

    [Theory]
    [InlineData("--spot-check", "1.5")]
    [InlineData("--trials", "x")]
    [InlineData("--bogus", "1")]
    [InlineData("--sweep", "spot-check")]
    public void Bad_options_are_refused_with_a_message_naming_them(string name, string value)
    {
        var problem = Assert.Throws<ArgumentException>(() => VerificationArgs.Parse([name, value]));

        Assert.Contains(name, problem.Message, StringComparison.Ordinal);
    }
}
