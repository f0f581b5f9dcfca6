using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Forms;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Pow;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.SensorQuery;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Tests.Jobs;

/// <summary>The registry of job kinds and the contract every registered kind keeps.</summary>
public sealed class JobKindsTests
{
    public static TheoryData<string> Names => [.. JobKinds.Names];

    [Theory]
    [InlineData("pow", typeof(PowJobKind))]
    [InlineData("montecarlo-pi", typeof(MonteCarloPiJobKind))]
    [InlineData("primes", typeof(PrimesJobKind))]
    [InlineData("wasm-map", typeof(WasmMapJobKind))]
    [InlineData("sensor-query", typeof(SensorQueryJobKind))]
    public void Finds_every_kind_by_its_wire_name(string name, Type type)
    {
        Assert.True(JobKinds.TryFind(name, out var kind));
        Assert.IsType(type, kind);
        Assert.Equal(name, kind.Name);
    }

    [Theory]
    [InlineData("POW")]
    [InlineData("wasm")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_unknown_names(string? name) => Assert.False(JobKinds.TryFind(name, out _));

    [Fact]
    public void Lists_the_five_kinds_in_registration_order() =>
        Assert.Equal(["pow", "montecarlo-pi", "primes", "wasm-map", "sensor-query"], JobKinds.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_kind_owns_distinct_sealed_spec_and_result_types_named_for_it(string name)
    {
        Assert.True(JobKinds.TryFind(name, out var kind));
        Assert.True(kind.SpecType.IsSealed && kind.SpecType.IsSubclassOf(typeof(JobSpec)));
        Assert.True(kind.ResultType.IsSealed && kind.ResultType.IsSubclassOf(typeof(JobResult)));
        Assert.Single(JobKinds.All, k => k.SpecType == kind.SpecType);
        Assert.Single(JobKinds.All, k => k.ResultType == kind.ResultType);

        // The kind's types live in its own folder: the namespace ends with the folder of the kind.
        Assert.Equal(kind.GetType().Namespace, kind.SpecType.Namespace);
        Assert.Equal(kind.GetType().Namespace, kind.ResultType.Namespace);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_default_verification_passes_the_validator_for_its_kind(string name)
    {
        Assert.True(JobKinds.TryFind(name, out var kind));
        Assert.True(kind.CheckVerification(kind.DefaultVerification).IsValid);
    }

    [Fact]
    public void Only_pow_may_be_verified_directly()
    {
        var direct = new JobVerificationPolicy(VerificationMethod.DirectPow, 1, 1);

        Assert.Equal(["pow"], JobKinds.All.Where(k => k.CheckVerification(direct).IsValid).Select(k => k.Name));
    }

    [Fact]
    public void Form_commands_are_unique_and_their_fields_are_named_once()
    {
        var forms = JobKinds.All.SelectMany(k => k.Forms).ToList();

        Assert.Equal(["pow", "pi", "primes", "mandelbrot", "sensor-query"], forms.Select(f => f.Command));
        Assert.All(forms, f => Assert.Equal(f.Fields.Count, f.Fields.Select(x => x.Name).Distinct().Count()));
    }

    [Fact]
    public void A_form_builds_a_spec_its_kind_accepts()
    {
        Assert.True(JobKinds.TryFind("primes", out var primes));
        var values = new JobFormValues(new Dictionary<string, object?> { ["from"] = 0UL, ["to"] = 1_000UL, ["chunk"] = 100UL }, new Random(1));

        var spec = primes.Forms.Single().Build(values);

        Assert.Equal(new PrimesJobSpec(0, 1_000, 100), spec);
        Assert.True(JobSpecValidator.Validate(spec).IsValid);
    }

    [Fact]
    public void A_form_names_the_field_whose_value_does_not_suit()
    {
        Assert.True(JobKinds.TryFind("pow", out var pow));
        var values = new JobFormValues(new Dictionary<string, object?> { ["prefix-hex"] = "zz", ["difficulty"] = 8, ["nonces"] = 10UL, ["chunk"] = 5UL }, new Random(1));

        var error = Assert.Throws<JobFormException>(() => pow.Forms.Single().Build(values));

        Assert.Equal("prefix-hex", error.Field);
        Assert.Equal("\"zz\" is not hex (two digits per byte)", error.Message);
    }

    [Fact]
    public void Describes_a_result_through_its_kind()
    {
        Assert.True(JobKinds.TryFind("primes", out var primes));

        Assert.Equal("25 primes in [0, 100)", primes.Describe(new PrimesJobResult(0, 100, 25)));
    }
}
