namespace EdgeCompute.Integration.Tests.Harness;

/// <summary>Tests that start real processes run one at a time, so a 2-core machine is not oversubscribed.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultTestCollection
{
    public const string Name = "processes";
}
