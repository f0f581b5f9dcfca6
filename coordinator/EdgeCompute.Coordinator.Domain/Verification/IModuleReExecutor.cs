using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// Re-executes tasks whose kernel is not one of the firmware core's (WASM modules on Wasmtime, a later part).
/// Implementations must run deterministically (same fuel accounting, same configuration as the gateways) so
/// their result can be compared byte for byte with a node's.
/// </summary>
public interface IModuleReExecutor
{
    /// <summary>Whether this executor can run <paramref name="kernel"/>.</summary>
    /// <param name="kernel">The kernel or module name from the assignment.</param>
    /// <returns>Whether <see cref="ReExecute"/> may be called for it.</returns>
    bool CanReExecute(string kernel);

    /// <summary>Runs the assignment and returns the result an honest node would send.</summary>
    /// <param name="assignment">The assignment.</param>
    /// <returns>The expected result (task id and slot as in the assignment).</returns>
    TaskResult ReExecute(TaskAssignment assignment);
}
