using EdgeCompute.Cli.Endpoints;

namespace EdgeCompute.Cli.Coordinator;

/// <summary>What <c>edgecompute coordinator</c> was asked to run.</summary>
/// <param name="FleetFolder">The fleet folder (only <c>coordinator.json</c> is read).</param>
/// <param name="Store">The stores.</param>
/// <param name="Listen">Where the embedded broker listens; null with an external broker.</param>
/// <param name="Broker">The external broker; null for the embedded one.</param>
/// <param name="BrokerUser">The coordinator's user on the external broker.</param>
/// <param name="BrokerPasswordFile">The file holding that user's password, when given.</param>
/// <param name="Http">Where the HTTP API listens.</param>
/// <param name="OperatorTokenFile">The file holding the API's operator token, when given.</param>
/// <param name="EpochLength">The epoch length.</param>
/// <param name="Emission">Micro-units emitted per epoch.</param>
/// <param name="Tls">The certificate files given.</param>
internal sealed record CoordinatorRunRequest(string FleetFolder, StoreLocation Store, Endpoint Listen, Endpoint? Broker, string BrokerUser, string? BrokerPasswordFile,
    Endpoint Http, string? OperatorTokenFile, TimeSpan EpochLength, long Emission, CoordinatorTlsFiles Tls);
