namespace EdgeCompute.Coordinator.Service;

/// <summary>
/// The settings a start failure can be about. The service names them by their configuration key
/// (<see cref="CoordinatorStartException.Key"/>); <c>edgecompute coordinator</c> by the flag that sets them.
/// </summary>
public enum CoordinatorSetting
{
    /// <summary><c>CoordinatorService:FleetFolder</c> (<c>--fleet</c>).</summary>
    FleetFolder,

    /// <summary><c>CoordinatorOptions:DataFolder</c> (<c>--data</c>).</summary>
    DataFolder,

    /// <summary><c>CoordinatorOptions:PostgresConnectionString</c> (<c>--postgres</c>).</summary>
    PostgresConnectionString,

    /// <summary><c>CoordinatorOptions:Broker</c>, the embedded central broker's address (<c>--listen</c>).</summary>
    Broker,

    /// <summary><c>CoordinatorOptions:ExternalBroker</c> (<c>--broker</c>).</summary>
    ExternalBroker,

    /// <summary><c>CoordinatorService:HttpAddress</c> and <c>HttpPort</c> (<c>--http</c>).</summary>
    Http,

    /// <summary><c>CoordinatorService:OperatorTokenFile</c> (<c>--operator-token-file</c>).</summary>
    OperatorTokenFile,

    /// <summary><c>CoordinatorService:BrokerPasswordFile</c> (<c>--broker-password-file</c>).</summary>
    BrokerPasswordFile,

    /// <summary><c>CoordinatorService:HttpCertificateFile</c> and <c>HttpKeyFile</c> (<c>--tls-cert</c> and <c>--tls-key</c> with <c>--http https://</c>).</summary>
    HttpCertificate,
}
