using System.Buffers.Binary;
using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Benchmarks.Verification;

/// <summary>
/// The tasks of one run and the answers nodes give: kernel tasks are small <c>primes.count</c> ranges whose right
/// answer the firmware core's own code computes (<see cref="KernelReExecutor"/>); WebAssembly tasks carry an input for
/// the <see cref="SimulatedModule"/>. A wrong answer differs from the right one in the output only (same ops, so only
/// comparing outputs can catch it); each cheater's is its own, a colluding pair's is shared.
/// </summary>
internal sealed class TaskWorkload(JobColumn column)
{
    private const ulong Span = 200;
    private static readonly byte[] Module = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    private static readonly byte[] ModuleHash = SHA256.HashData(Module);
    private readonly KernelReExecutor _kernels = new();
    private readonly SimulatedModule _module = new();
    private TaskResult? _last;

    /// <summary>The kernel nodes must run.</summary>
    public string Kernel => column == JobColumn.Kernel ? KernelNames.PrimesCount : KernelNames.Wasm;

    /// <summary>The core kernel re-executor (for the re-execution sampler).</summary>
    public KernelReExecutor Kernels => _kernels;

    /// <summary>The module re-executor (for the re-execution sampler).</summary>
    public SimulatedModule Modules => _module;

    /// <summary>The template of task <paramref name="index"/> (slot 0, no device yet).</summary>
    public TaskAssignment Template(int index)
    {
        var id = "t" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (column == JobColumn.Kernel)
        {
            var from = 1_000_000 + ((ulong)index * Span);
            return new TaskAssignment(id, 0, "", new PrimesCountParameters(from, from + Span), 1_000_000, 0);
        }

        var input = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(input, index);
        return new TaskAssignment(id, 0, "", new WasmParameters(ModuleHash, Module, input, 1_000_000, 1 << 16), 1_000_000, 0);
    }

    /// <summary>The right answer to an assignment (computed once per task, then given the assignment's slot).</summary>
    public TaskResult Right(TaskAssignment assignment)
    {
        if (_last is { } last && last.TaskId == assignment.TaskId)
        {
            return last with { Slot = assignment.Slot };
        }

        _last = column == JobColumn.Kernel ? _kernels.ReExecute(assignment) : _module.ReExecute(assignment);
        return _last;
    }

    /// <summary>A wrong answer: the right one with the output shifted by <paramref name="variant"/> + 1.</summary>
    public TaskResult Wrong(TaskAssignment assignment, int variant)
    {
        var right = Right(assignment);
        if (right.Output is PrimesCountOutput count)
        {
            return right with { Output = new PrimesCountOutput(count.Count + 1 + (ulong)variant) };
        }

        var input = ((WasmParameters)assignment.Parameters).Input.Span;
        var forged = new byte[input.Length + 4];
        input.CopyTo(forged);
        BinaryPrimitives.WriteInt32BigEndian(forged.AsSpan(input.Length), variant + 1);
        return SimulatedModule.Result(assignment, forged);
    }
}
