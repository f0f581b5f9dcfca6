using System.Security.Cryptography;

namespace EdgeCompute.Wasm.Host.Tests;

public sealed class ModuleCompilerTests
{
    [Fact]
    public void Compiles_a_module_with_its_hash_and_initial_memory()
    {
        using var engine = DeterministicEngine.Create();
        var bytes = WatModules.Of("""(memory (export "memory") 3)""", WatModules.Alloc, WatModules.Run);

        var result = ModuleCompiler.Compile(engine, bytes, 1 << 20);
        using var module = result.Module!.Module;

        Assert.True(result.IsSuccess);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.Module.Hash);
        Assert.Equal(3 * EdgeTaskLimits.WasmPageSize, result.Module.InitialMemoryBytes);
    }

    [Fact]
    public void Refuses_bytes_that_do_not_match_the_expected_hash()
    {
        using var engine = DeterministicEngine.Create();

        var result = ModuleCompiler.Compile(engine, WatModules.Valid, 1 << 20, new string('0', 64));

        Assert.Equal(ModuleCompileReasonCode.HashMismatch, result.ReasonCode);
        Assert.Null(result.Module);
    }

    [Fact]
    public void Accepts_the_expected_hash_in_upper_case()
    {
        using var engine = DeterministicEngine.Create();
        var hash = Convert.ToHexString(SHA256.HashData(WatModules.Valid));

        var result = ModuleCompiler.Compile(engine, WatModules.Valid, 1 << 20, hash);
        result.Module?.Module.Dispose();

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public void Cause_is_the_last_non_empty_line()
    {
        Assert.Equal("the cause", ModuleCompiler.Cause("heading\n  0: frame\n\n  the cause  \n"));
    }
}
