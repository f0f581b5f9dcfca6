namespace EdgeCompute.Cli.Demo;

/// <summary>What <c>edgecompute demo</c> runs.</summary>
/// <param name="Devices">Simulated devices.</param>
/// <param name="Gateways">Gateways (each with its device broker).</param>
/// <param name="Duration">How long devices run and jobs are worked on.</param>
/// <param name="DataFolder">Where the SQLite files and the PNG outputs go.</param>
/// <param name="Json">Print one JSON object as the last line.</param>
/// <param name="Seed">The seed of the simulated fleet and the coordinator's choices.</param>
/// <param name="BrokerPort">The coordinator's central broker port (0: any free port).</param>
/// <param name="FirstGatewayPort">The first gateway device broker port; gateway i uses this + i (0: any free ports).</param>
/// <param name="HttpPort">The coordinator API port (0: any free port).</param>
internal sealed record DemoSettings(int Devices, int Gateways, TimeSpan Duration, string DataFolder, bool Json, int Seed, int BrokerPort, int FirstGatewayPort, int HttpPort)
{
    /// <summary>Runs after the network has drained and before the summary is read (tests inject a loss here); null in real runs.</summary>
    public Func<EdgeCompute.Coordinator.Runtime.CoordinatorNode, CancellationToken, Task>? BeforeSummary { get; init; }

    /// <summary>The device owners: one large one, a researcher who submits the jobs, and the rest (each gateway's operator comes on top).</summary>
    public int Owners => Math.Max(4, Math.Min(8, (Devices / 4) + 1));
}
