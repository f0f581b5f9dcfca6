namespace EdgeCompute.Protocol.Tls;

/// <summary>What <see cref="FleetTlsFolder.Provision"/> wrote.</summary>
/// <param name="AuthorityCertificate">The CA certificate file.</param>
/// <param name="AuthorityCreated">Whether a new CA was made (false: the folder's CA was kept and signed the new certificates).</param>
/// <param name="ServerCertificate">The server certificate file.</param>
/// <param name="ServerKey">The server key file.</param>
/// <param name="GatewaysIssued">The gateways that got a new client certificate.</param>
/// <param name="GatewaysKept">The gateways whose existing client certificate was kept.</param>
public sealed record TlsProvisionResult(
    string AuthorityCertificate,
    bool AuthorityCreated,
    string ServerCertificate,
    string ServerKey,
    IReadOnlyList<string> GatewaysIssued,
    IReadOnlyList<string> GatewaysKept);
