namespace EdgeCompute.Protocol.Tls;

/// <summary>What <see cref="FleetTlsFolder.Provision"/> makes.</summary>
public sealed class TlsProvisionRequest
{
    /// <summary>The hosts of the default server certificate: this machine by address and by name.</summary>
    public static readonly IReadOnlyList<string> DefaultHosts = ["127.0.0.1", "localhost"];

    /// <summary>Gets or sets the folder the files go to (created if needed).</summary>
    public string Folder { get; set; } = string.Empty;

    /// <summary>Gets or sets the gateways that get a client certificate.</summary>
    public IReadOnlyList<string> GatewayIds { get; set; } = [];

    /// <summary>Gets or sets the names and addresses of the server certificate (default 127.0.0.1 and localhost).</summary>
    public IReadOnlyList<string> Hosts { get; set; } = DefaultHosts;

    /// <summary>Gets or sets the server certificate's file name without <c>.pem</c> (default <c>server</c>).</summary>
    public string ServerName { get; set; } = TlsFiles.DefaultServerName;

    /// <summary>Gets or sets the CA's common name when a new CA is made.</summary>
    public string AuthorityName { get; set; } = "EdgeCompute fleet CA";

    /// <summary>Gets or sets how many days a new CA is valid (default 3650).</summary>
    public int AuthorityDays { get; set; } = 3650;

    /// <summary>Gets or sets how many days a server or client certificate is valid (default 825).</summary>
    public int CertificateDays { get; set; } = 825;

    /// <summary>Gets or sets whether gateways that already have a certificate get a new one (default false: only missing ones are made).</summary>
    public bool RenewGateways { get; set; }
}
