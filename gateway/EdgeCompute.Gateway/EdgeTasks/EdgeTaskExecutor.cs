using EdgeCompute.Gateway.LocalStore;
using EdgeCompute.Wasm.Host;
using Wasmtime;

namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>
/// Runs one task at a time on the calling thread: a fresh store with the task's fuel, memory limit and deadline,
/// instantiation, <c>alloc</c>, input copy, <c>run</c>, output checks. Every failure becomes a result; nothing a
/// module does escapes as an exception. One executor per worker thread (each owns its linker).
/// </summary>
internal sealed class EdgeTaskExecutor : IDisposable
{
    private readonly Engine _engine;
    private readonly Linker _linker;
    private readonly ILocalWindowReader? _windows;
    private readonly TimeProvider _timeProvider;

    public EdgeTaskExecutor(Engine engine, ILocalWindowReader? windows, TimeProvider timeProvider)
    {
        _engine = engine;
        _windows = windows;
        _timeProvider = timeProvider;
        _linker = new Linker(engine);
        QueryWindowsFunction.Define(_linker);
    }

    public EdgeTaskResult Execute(string taskId, CompiledModule compiled, bool cacheHit, ReadOnlySpan<byte> input, EdgeTaskLimits limits, CancellationToken cancellationToken)
    {
        EdgeTaskResult Fail(EdgeTaskReasonCode reason, string message, ulong fuel) =>
            EdgeTaskResult.Failed(taskId, reason, message, compiled.Hash, fuel, cacheHit);

        if (compiled.InitialMemoryBytes > limits.MemoryBytes)
        {
            return Fail(EdgeTaskReasonCode.MemoryLimit, $"the module's initial memory of {compiled.InitialMemoryBytes} bytes exceeds the limit of {limits.MemoryBytes}", 0);
        }

        using var store = new Store(_engine, new TaskStoreData(_windows));
        store.SetLimits(memorySize: limits.MemoryBytes, tableElements: 100_000, instances: 1, tables: 1, memories: 1);
        store.Fuel = limits.Fuel;
        var started = _timeProvider.GetTimestamp();
        store.SetEpochDeadline(1);
        store.SetEpochDeadlineCallback(_ =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new TaskInterruptedException(EdgeTaskReasonCode.Cancelled);
            }

            if (_timeProvider.GetElapsedTime(started) >= limits.Deadline)
            {
                throw new TaskInterruptedException(EdgeTaskReasonCode.Deadline);
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
                    ? Fail(EdgeTaskReasonCode.MemoryLimit, $"alloc({input.Length}) failed with the memory at its limit of {limits.MemoryBytes} bytes", Used())
                    : Fail(EdgeTaskReasonCode.BadOutput, $"alloc({input.Length}) returned {(uint)inPtr}, outside the module's {memory.GetLength()} bytes of memory", Used());
            }

            input.CopyTo(memory.GetSpan(inPtr, input.Length));
            var packed = run(inPtr, input.Length);
            var outPtr = (int)(uint)((ulong)packed >> 32);
            var outLength = (uint)packed;
            if (outLength > (uint)limits.MaxOutputBytes)
            {
                return Fail(EdgeTaskReasonCode.BadOutput, $"run returned {outLength} output bytes, more than the limit of {limits.MaxOutputBytes}", Used());
            }

            if (!InBounds(outPtr, (int)outLength, memory.GetLength()))
            {
                return Fail(EdgeTaskReasonCode.BadOutput, $"run returned output [{(uint)outPtr}, +{outLength}) outside the module's {memory.GetLength()} bytes of memory", Used());
            }

            var output = memory.GetSpan(outPtr, (int)outLength).ToArray();
            return new EdgeTaskResult(taskId, EdgeTaskReasonCode.Ok, output, Used(), compiled.Hash, cacheHit, string.Empty);
        }
        catch (WasmtimeException ex)
        {
            var (reason, message) = Classify(ex, memory, limits);
            return Fail(reason, message, reason == EdgeTaskReasonCode.OutOfFuel ? limits.Fuel : Used());
        }
    }

    public void Dispose() => _linker.Dispose();

    private static (EdgeTaskReasonCode Reason, string Message) Classify(WasmtimeException ex, Memory? memory, EdgeTaskLimits limits)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is TaskInterruptedException interrupted)
            {
                return interrupted.Reason == EdgeTaskReasonCode.Deadline
                    ? (EdgeTaskReasonCode.Deadline, $"the task was still running at its deadline of {limits.Deadline.TotalMilliseconds:0} ms")
                    : (EdgeTaskReasonCode.Cancelled, "the task was cancelled");
            }
        }

        var detail = ModuleCompiler.Cause(ex.Message);
        if (ex is TrapException trap)
        {
            if (trap.Type == TrapCode.OutOfFuel)
            {
                return (EdgeTaskReasonCode.OutOfFuel, $"the task used all of its {limits.Fuel} fuel");
            }

            if (trap.Type == TrapCode.Interrupt)
            {
                return (EdgeTaskReasonCode.Deadline, $"the task was still running at its deadline of {limits.Deadline.TotalMilliseconds:0} ms");
            }

            // A refused memory.grow is not a trap in WebAssembly; a module that cannot go on without the memory traps
            // next. With the memory at its limit the limit is the cause, so say so.
            if (memory is not null && AtMemoryLimit(memory, limits))
            {
                return (EdgeTaskReasonCode.MemoryLimit, $"the task trapped ({detail}) with its memory at the limit of {limits.MemoryBytes} bytes");
            }

            return (EdgeTaskReasonCode.Trap, $"the module trapped ({trap.Type}): {detail}");
        }

        return (EdgeTaskReasonCode.Trap, $"the module failed: {detail}");
    }

    private static bool AtMemoryLimit(Memory memory, EdgeTaskLimits limits) =>
        memory.GetLength() + EdgeTaskLimits.WasmPageSize > limits.MemoryBytes;

    private static bool InBounds(int pointer, int length, long memoryLength) =>
        length >= 0 && (uint)pointer + (long)length <= memoryLength;
}
