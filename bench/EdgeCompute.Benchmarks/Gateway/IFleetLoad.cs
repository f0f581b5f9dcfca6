namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>The simulated devices publishing into a broker: in this process (<see cref="DeviceFleetLoad"/>) or in a process of their own (<see cref="FleetLoadProcess"/>).</summary>
internal interface IFleetLoad : IAsyncDisposable
{
    /// <summary>Every client publishes its messages <c>[first, first + count)</c>; latencies (publish to PUBACK) go to <paramref name="latencyTicks"/> when given.</summary>
    Task<LoadCounts> RunAsync(int first, int count, int inFlight, long[]? latencyTicks, CancellationToken cancellationToken);
}
