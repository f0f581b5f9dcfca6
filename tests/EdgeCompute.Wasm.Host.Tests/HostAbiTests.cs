namespace EdgeCompute.Wasm.Host.Tests;

public sealed class HostAbiTests
{
    private static readonly ModuleValidator Validator = ModuleValidator.Shared;

    [Fact]
    public void Accepts_a_module_with_memory_alloc_and_run()
    {
        var result = Validator.Validate(WatModules.Valid);

        Assert.True(result.IsSuccess, result.Message);
        Assert.Equal(64, result.Hash.Length);
        Assert.Null(result.Module);
    }

    [Fact]
    public void Accepts_the_one_import_the_gateway_provides()
    {
        var bytes = WatModules.Of(
            """(import "ec" "query_windows" (func (param i32 i32 i64 i64 i32 i32) (result i32)))""",
            WatModules.Memory, WatModules.Alloc, WatModules.Run);

        Assert.True(Validator.Validate(bytes).IsSuccess);
    }

    [Fact]
    public void Refuses_an_import_the_gateway_does_not_provide_naming_it()
    {
        var bytes = WatModules.Of("""(import "env" "abort" (func (param i32 i32 i32 i32)))""", WatModules.Memory, WatModules.Alloc, WatModules.Run);

        var result = Validator.Validate(bytes);

        Assert.Equal(ModuleCompileReasonCode.AbiMismatch, result.ReasonCode);
        Assert.StartsWith("the module imports env.abort, which the gateway ABI does not provide", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_the_query_import_with_another_type()
    {
        var bytes = WatModules.Of("""(import "ec" "query_windows" (func (param i32) (result i32)))""", WatModules.Memory, WatModules.Alloc, WatModules.Run);

        var result = Validator.Validate(bytes);

        Assert.Equal(ModuleCompileReasonCode.AbiMismatch, result.ReasonCode);
        Assert.Contains("ec.query_windows with another type", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_module_without_exports()
    {
        var result = Validator.Validate(WatModules.Of());

        Assert.Equal(ModuleCompileReasonCode.AbiMismatch, result.ReasonCode);
        Assert.Equal("the module exports no linear memory named `memory`", result.Message);
    }

    [Fact]
    public void Refuses_a_module_without_run_naming_it()
    {
        var result = Validator.Validate(WatModules.Of(WatModules.Memory, WatModules.Alloc));

        Assert.Equal(ModuleCompileReasonCode.AbiMismatch, result.ReasonCode);
        Assert.StartsWith("the module exports no `run` function", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_mistyped_alloc()
    {
        var result = Validator.Validate(WatModules.Of(WatModules.Memory, """(func (export "alloc") (param i64) (result i32) (i32.const 0))""", WatModules.Run));

        Assert.Equal(ModuleCompileReasonCode.AbiMismatch, result.ReasonCode);
        Assert.Contains("`alloc` with another type", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_SIMD_which_the_deterministic_configuration_leaves_off()
    {
        var bytes = WatModules.Of(WatModules.Memory, WatModules.Alloc,
            """(func (export "run") (param i32 i32) (result i64) (drop (v128.const i32x4 0 0 0 0)) (i64.const 0))""");

        var result = Validator.Validate(bytes);

        Assert.Equal(ModuleCompileReasonCode.Invalid, result.ReasonCode);
        Assert.StartsWith("the module is not valid WebAssembly for this host: ", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Message);
    }

    [Fact]
    public void Refuses_garbage_bytes_in_one_line()
    {
        var result = Validator.Validate([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff, 0xff]);

        Assert.Equal(ModuleCompileReasonCode.Invalid, result.ReasonCode);
        Assert.DoesNotContain('\n', result.Message);
    }

    [Fact]
    public void Refuses_a_module_above_the_limit_and_an_empty_one()
    {
        Assert.Equal(ModuleCompileReasonCode.TooLarge, Validator.Validate(WatModules.Valid, WatModules.Valid.Length - 1).ReasonCode);
        Assert.Equal(ModuleCompileReasonCode.Empty, Validator.Validate([]).ReasonCode);
    }
}
