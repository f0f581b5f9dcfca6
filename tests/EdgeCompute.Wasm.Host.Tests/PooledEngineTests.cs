using EdgeCompute.Wasm.Host.Running;

namespace EdgeCompute.Wasm.Host.Tests;

/// <summary>
/// An engine on Wasmtime's pooling allocator (<see cref="DeterministicEngine.Create"/> with slots) reuses a slot's memory
/// from one task to the next: each task must still start on zeroed memory, and get every limit the on-demand engine gives.
/// </summary>
public sealed class PooledEngineTests
{
    // run() first copies what it finds at 0x100 (inside the page kept resident) and at 0x20000 (past it) to its output,
    // then leaves its input at both places for the next task in the slot to find.
    private static readonly byte[] Snoop = WatModules.Of(
        """(memory (export "memory") 4)""",
        """(func (export "alloc") (param i32) (result i32) (i32.const 0x30000))""",
        """
        (func (export "run") (param $in i32) (param $len i32) (result i64)
          (memory.copy (i32.const 0x38000) (i32.const 0x100) (i32.const 16))
          (memory.copy (i32.const 0x38010) (i32.const 0x20000) (i32.const 16))
          (memory.copy (i32.const 0x100) (local.get $in) (i32.const 16))
          (memory.copy (i32.const 0x20000) (local.get $in) (i32.const 16))
          (i64.or (i64.shl (i64.const 0x38000) (i64.const 32)) (i64.const 32)))
        """);

    // Grows its memory one page at a time until memory.grow refuses, and returns how many pages it then has.
    private static readonly byte[] Grower = WatModules.Of(
        """(memory (export "memory") 1)""",
        WatModules.Alloc,
        """
        (func (export "run") (param i32 i32) (result i64)
          (block $full (loop $more
            (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
            (br $more)))
          (i32.store (i32.const 0) (memory.size))
          (i64.const 4))
        """);

    [Fact]
    public void A_task_in_a_reused_slot_finds_no_byte_the_last_task_left_in_its_memory()
    {
        using var engine = DeterministicEngine.Create(concurrentInstances: 1);
        using var runner = new ModuleRunner(engine, _ => { }, TimeProvider.System);
        var compiled = ModuleCompiler.Compile(engine, Snoop, 1 << 20).Module!;
        var secret = Enumerable.Repeat((byte)0xAB, 16).ToArray();

        var outputs = Enumerable.Range(0, 3).Select(_ => runner.Run(compiled, secret, EdgeTaskLimits.Default, null, CancellationToken.None)).ToList();

        Assert.All(outputs, run => Assert.Equal(RunOutcome.Ok, run.Outcome));
        Assert.All(outputs, run => Assert.Equal(new byte[32], run.Output.ToArray())); // the same slot three times, zeroed every time
        compiled.Module.Dispose();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void A_task_grows_its_memory_to_its_limit_and_no_further_on_either_allocator(int slots)
    {
        using var engine = DeterministicEngine.Create(slots);
        using var runner = new ModuleRunner(engine, _ => { }, TimeProvider.System);
        var compiled = ModuleCompiler.Compile(engine, Grower, 1 << 20).Module!;
        var limits = EdgeTaskLimits.Default with { MemoryBytes = 40 * EdgeTaskLimits.WasmPageSize };

        var run = runner.Run(compiled, [], limits, null, CancellationToken.None);

        Assert.Equal(RunOutcome.Ok, run.Outcome);
        Assert.Equal(40, BitConverter.ToInt32(run.Output.Span));
        compiled.Module.Dispose();
    }

    [Fact]
    public void Slots_are_a_count_of_zero_or_more()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DeterministicEngine.Create(-1));
    }
}
