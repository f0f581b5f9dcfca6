using EdgeCompute.Gateway.LocalStore;

namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>What host functions of one running task see through the store's data.</summary>
/// <param name="Windows">The local store, or null when the gateway runs without one.</param>
internal sealed record TaskStoreData(ILocalWindowReader? Windows);
