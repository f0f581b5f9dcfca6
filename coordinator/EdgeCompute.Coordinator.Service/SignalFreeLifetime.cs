using Microsoft.Extensions.Hosting;

namespace EdgeCompute.Coordinator.Service;

/// <summary>
/// A host lifetime that handles no signal: for a host run by something that handles Ctrl+C and SIGTERM itself and stops
/// the host when they come (the API's web application inside the coordinator's host; the coordinator's host inside
/// <c>edgecompute coordinator</c>, whose command line cancels it). With more than one console lifetime in a process a
/// SIGTERM right after the start could end the process with 143 instead of a normal stop.
/// </summary>
public sealed class SignalFreeLifetime : IHostLifetime
{
    /// <inheritdoc/>
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
