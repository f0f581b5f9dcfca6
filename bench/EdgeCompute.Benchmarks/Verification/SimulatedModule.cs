using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Benchmarks.Verification;

/// <summary>
/// A stand-in for the coordinator's WebAssembly re-execution: the "module" maps an input to SHA-256(input), and its
/// result is shaped exactly as a gateway's (<see cref="GatewayResultBody.ToTaskResult"/>), so the domain's verifiers
/// compare it as they compare real gateway results. Running Wasmtime here would only slow the harness down.
/// </summary>
internal sealed class SimulatedModule : IModuleReExecutor
{
    /// <summary>Fuel an honest run reports.</summary>
    public const ulong FuelUsed = 1_000;

    /// <inheritdoc/>
    public bool CanReExecute(string kernel) => kernel == KernelNames.Wasm;

    /// <inheritdoc/>
    public TaskResult ReExecute(TaskAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var input = ((WasmParameters)assignment.Parameters).Input.Span;
        return Result(assignment, SHA256.HashData(input));
    }

    /// <summary>A gateway's result carrying <paramref name="output"/>.</summary>
    public static TaskResult Result(TaskAssignment assignment, byte[] output) =>
        GatewayResultBody.ToTaskResult(assignment.TaskId, assignment.Slot, GatewayTaskStatus.Ok, FuelUsed, output);
}
