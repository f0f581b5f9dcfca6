using Wasmtime;

namespace EdgeCompute.Wasm.Host.Running;

/// <summary>
/// Runs a compiled module once under <see cref="EdgeTaskLimits"/>, exactly as the ABI of docs/wasm-abi.md says: a fresh
/// store with the fuel, memory limit and deadline, instantiation, <c>alloc</c>, input copy, <c>run</c>, output checks.
/// Every failure becomes a <see cref="RunResult"/>; nothing a module does escapes as an exception. The gateway runs its
/// tasks with it and the coordinator re-executes with it, so both judge a run the same way. One runner per thread (it
/// owns its linker); the engine must come from <see cref="DeterministicEngine.Create"/>.
/// </summary>
public sealed class ModuleRunner : IDisposable
{
    private readonly Engine _engine;
    private readonly Linker _linker;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a runner.</summary>
    /// <param name="engine">The deterministic engine the modules were compiled with.</param>
    /// <param name="defineImports">Defines the host functions modules may import (the <c>ec</c> module of the ABI).</param>
    /// <param name="timeProvider">Measures the deadline.</param>
    public ModuleRunner(Engine engine, Action<Linker> defineImports, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(defineImports);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _engine = engine;
        _timeProvider = timeProvider;
        _linker = new Linker(engine);
        defineImports(_linker);
    }

    /// <summary>Runs the module once on <paramref name="input"/>.</summary>
    /// <param name="compiled">The module.</param>
    /// <param name="input">The input handed to <c>run</c>.</param>
    /// <param name="limits">Fuel, memory, deadline and output limits.</param>
    /// <param name="storeData">What host functions see through the store, or null.</param>
    /// <param name="cancellationToken">Stops the run (at the next epoch tick).</param>
    /// <returns>How it ended.</returns>
    public RunResult Run(CompiledModule compiled, ReadOnlySpan<byte> input, EdgeTaskLimits limits, object? storeData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentNullException.ThrowIfNull(limits);
        if (compiled.InitialMemoryBytes > limits.MemoryBytes)
        {
            return RunResult.Failed(RunOutcome.MemoryLimit, $"the module's initial memory of {compiled.InitialMemoryBytes} bytes exceeds the limit of {limits.MemoryBytes}", 0);
        }

        using var store = new Store(_engine, storeData);
        store.SetLimits(memorySize: limits.MemoryBytes, tableElements: DeterministicEngine.MaxTableElements, instances: 1, tables: 1, memories: 1);
        store.Fuel = limits.Fuel;
        var started = _timeProvider.GetTimestamp();
        store.SetEpochDeadline(1);
        store.SetEpochDeadlineCallback(_ =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new RunInterruptedException(RunOutcome.Cancelled);
            }

            if (_timeProvider.GetElapsedTime(started) >= limits.Deadline)
            {
                throw new RunInterruptedException(RunOutcome.Deadline);
            }

            return 1;
        });

        Memory? memory = null;
        ulong Used() => limits.Fuel - store.Fuel;
        try
        {
            var instance = _linker.Instantiate(store, compiled.Module);
            memory = instance.GetMemory(HostAbi.MemoryExport)!;
            var alloc = instance.GetFunction<int, int>(HostAbi.AllocExport)!;
            var run = instance.GetFunction<int, int, long>(HostAbi.RunExport)!;

            var inPtr = alloc(input.Length);
            if (!InBounds(inPtr, input.Length, memory.GetLength()))
            {
                return AtMemoryLimit(memory, limits)
                    ? RunResult.Failed(RunOutcome.MemoryLimit, $"alloc({input.Length}) failed with the memory at its limit of {limits.MemoryBytes} bytes", Used())
                    : RunResult.Failed(RunOutcome.BadOutput, $"alloc({input.Length}) returned {(uint)inPtr}, outside the module's {memory.GetLength()} bytes of memory", Used());
            }

            input.CopyTo(memory.GetSpan(inPtr, input.Length));
            var packed = run(inPtr, input.Length);
            var outPtr = (int)(uint)((ulong)packed >> 32);
            var outLength = (uint)packed;
            if (outLength > (uint)limits.MaxOutputBytes)
            {
                return RunResult.Failed(RunOutcome.BadOutput, $"run returned {outLength} output bytes, more than the limit of {limits.MaxOutputBytes}", Used());
            }

            if (!InBounds(outPtr, (int)outLength, memory.GetLength()))
            {
                return RunResult.Failed(RunOutcome.BadOutput, $"run returned output [{(uint)outPtr}, +{outLength}) outside the module's {memory.GetLength()} bytes of memory", Used());
            }

            return new RunResult(RunOutcome.Ok, memory.GetSpan(outPtr, (int)outLength).ToArray(), Used(), string.Empty);
        }
        catch (WasmtimeException ex)
        {
            var (outcome, message) = Classify(ex, memory, limits);
            return RunResult.Failed(outcome, message, outcome == RunOutcome.OutOfFuel ? limits.Fuel : Used());
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _linker.Dispose();

    private static (RunOutcome Outcome, string Message) Classify(WasmtimeException ex, Memory? memory, EdgeTaskLimits limits)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is RunInterruptedException interrupted)
            {
                return interrupted.Outcome == RunOutcome.Deadline
                    ? (RunOutcome.Deadline, $"the task was still running at its deadline of {limits.Deadline.TotalMilliseconds:0} ms")
                    : (RunOutcome.Cancelled, "the task was cancelled");
            }
        }

        var detail = ModuleCompiler.Cause(ex.Message);
        if (ex is TrapException trap)
        {
            if (trap.Type == TrapCode.OutOfFuel)
            {
                return (RunOutcome.OutOfFuel, $"the task used all of its {limits.Fuel} fuel");
            }

            if (trap.Type == TrapCode.Interrupt)
            {
                return (RunOutcome.Deadline, $"the task was still running at its deadline of {limits.Deadline.TotalMilliseconds:0} ms");
            }

            // A refused memory.grow is not a trap in WebAssembly; a module that cannot go on without the memory traps
            // next. With the memory at its limit the limit is the cause, so say so.
            if (memory is not null && AtMemoryLimit(memory, limits))
            {
                return (RunOutcome.MemoryLimit, $"the task trapped ({detail}) with its memory at the limit of {limits.MemoryBytes} bytes");
            }

            return (RunOutcome.Trap, $"the module trapped ({trap.Type}): {detail}");
        }

        return (RunOutcome.Trap, $"the module failed: {detail}");
    }

    private static bool AtMemoryLimit(Memory memory, EdgeTaskLimits limits) =>
        memory.GetLength() + EdgeTaskLimits.WasmPageSize > limits.MemoryBytes;

    private static bool InBounds(int pointer, int length, long memoryLength) =>
        length >= 0 && (uint)pointer + (long)length <= memoryLength;
}
