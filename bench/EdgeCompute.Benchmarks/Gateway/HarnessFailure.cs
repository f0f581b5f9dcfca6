namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>A harness check that did not hold: the command prints the message and exits with code 1.</summary>
internal sealed class HarnessFailure(string message) : Exception(message);
