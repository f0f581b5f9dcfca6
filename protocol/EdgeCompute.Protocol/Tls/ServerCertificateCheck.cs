using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeCompute.Protocol.Tls;

/// <summary>
/// How a TLS client (the gateway's uplink, the simulated devices, the coordinator's external-broker client) checks the
/// server's certificate: it must chain to one of the given CA certificates only (the fleet's <c>ca.pem</c>, not the
/// system's roots), be valid now, be meant for a server (serverAuth), and name the host the client connected to. When
/// no CA is given the platform's own verdict (system roots) is taken. Each refusal is kept in <see cref="LastRefusal"/>
/// as one line naming the cause, for the client's log or error.
/// </summary>
/// <remarks>
/// Validity is judged by the wall clock, as the TLS stack itself does, never by an injected test clock: a fake clock must
/// not make an expired certificate acceptable. Revocation is not checked: a private fleet CA publishes no CRL; a
/// compromised gateway is shut out by the broker's registry and ACL, and a server key by replacing the CA.
/// </remarks>
public sealed class ServerCertificateCheck
{
    private readonly X509Certificate2Collection? _trust;
    private readonly string _trustSource;
    private TlsRefusal? _lastRefusal;

    /// <summary>Creates the check.</summary>
    /// <param name="host">The host name or address the client connects to (the name the certificate must carry).</param>
    /// <param name="port">The port (for messages).</param>
    /// <param name="trust">The CA certificates to trust; null for the system's roots.</param>
    /// <param name="trustSource">Where they came from, for messages (such as the <c>--ca</c> file).</param>
    public ServerCertificateCheck(string host, int port, X509Certificate2Collection? trust, string? trustSource = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        Host = host;
        Port = port;
        _trust = trust is { Count: > 0 } ? trust : null;
        _trustSource = trustSource ?? (_trust is null ? "the system's trusted roots" : "the trusted CA");
    }

    /// <summary>Gets the host the certificate must name.</summary>
    public string Host { get; }

    /// <summary>Gets the port (for messages).</summary>
    public int Port { get; }

    /// <summary>Gets the last refusal this check made; null if it never refused.</summary>
    public TlsRefusal? LastRefusal => Volatile.Read(ref _lastRefusal);

    /// <summary>Gets <c>host:port</c> as messages name the server.</summary>
    public string Peer => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Forgets the last refusal (after a successful connection).</summary>
    public void Reset() => Volatile.Write(ref _lastRefusal, null);

    /// <summary>The check as an <see cref="SslStream"/> validation callback.</summary>
    /// <param name="sender">The stream.</param>
    /// <param name="certificate">The server's certificate.</param>
    /// <param name="chain">The chain the platform built (not used when CA certificates were given).</param>
    /// <param name="errors">The platform's verdict.</param>
    /// <returns>Whether to go on.</returns>
    public bool Validate(object? sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var refusal = Check(certificate, errors);
        if (refusal is not null)
        {
            Volatile.Write(ref _lastRefusal, refusal);
        }

        return refusal is null;
    }

    /// <summary>Checks a server certificate.</summary>
    /// <param name="certificate">The server's certificate.</param>
    /// <param name="platformErrors">The platform's verdict (used for the name when no CA was given, and for a missing certificate).</param>
    /// <returns>Null when it is acceptable, else why not.</returns>
    public TlsRefusal? Check(X509Certificate? certificate, SslPolicyErrors platformErrors)
    {
        if (certificate is null || platformErrors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return new TlsRefusal(TlsRefusalReason.NoCertificate, $"TLS: {Peer} sent no certificate");
        }

        using var server = certificate as X509Certificate2 is { } c2 ? X509CertificateLoader.LoadCertificate(c2.RawData) : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (_trust is null)
        {
            return platformErrors == SslPolicyErrors.None ? null
                : platformErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ? NameMismatch(server)
                : ChainRefusal(server, null);
        }

        using var ownChain = new X509Chain();
        ownChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        ownChain.ChainPolicy.CustomTrustStore.AddRange(_trust);
        ownChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        ownChain.ChainPolicy.ApplicationPolicy.Add(new Oid(FleetCertificateAuthority.ServerAuthOid));
        ownChain.ChainPolicy.VerificationTime = DateTime.Now;
        if (!ownChain.Build(server))
        {
            return ChainRefusal(server, ownChain);
        }

        return server.MatchesHostname(Host, allowWildcards: true, allowCommonName: false) ? null : NameMismatch(server);
    }

    private TlsRefusal NameMismatch(X509Certificate2 server) =>
        new(TlsRefusalReason.NameMismatch, $"TLS: the certificate of {Peer} is for {CertificateFacts.Names(server)}, not {Host} (issue it with this name in --hosts, or connect by a name it carries)");

    private TlsRefusal ChainRefusal(X509Certificate2 server, X509Chain? chain)
    {
        var now = DateTimeOffset.UtcNow;
        var notAfter = new DateTimeOffset(server.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var notBefore = new DateTimeOffset(server.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var statuses = chain?.ChainStatus.Select(s => s.Status).Aggregate(X509ChainStatusFlags.NoError, (a, b) => a | b)
            ?? X509ChainStatusFlags.NoError;
        const X509ChainStatusFlags NotFromTrustedCa = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotSignatureValid;
        var detail = chain is null ? "" : $" ({string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct())})";
        if ((statuses & NotFromTrustedCa) != 0 || chain is null && notAfter >= now && notBefore <= now)
        {
            return new TlsRefusal(TlsRefusalReason.UntrustedIssuer, $"TLS: the certificate of {Peer} ({server.Subject}, issued by {server.Issuer}) is not signed by {_trustSource}{detail}");
        }

        if (notAfter < now)
        {
            return new TlsRefusal(TlsRefusalReason.Expired, $"TLS: the certificate of {Peer} ({server.Subject}) expired on {Utc(notAfter)}");
        }

        if (notBefore > now)
        {
            return new TlsRefusal(TlsRefusalReason.NotYetValid, $"TLS: the certificate of {Peer} ({server.Subject}) is not valid before {Utc(notBefore)} (is this machine's clock right?)");
        }

        if (statuses.HasFlag(X509ChainStatusFlags.NotValidForUsage))
        {
            return new TlsRefusal(TlsRefusalReason.WrongUsage, $"TLS: the certificate of {Peer} ({server.Subject}) is not a server certificate (no serverAuth usage)");
        }

        return new TlsRefusal(TlsRefusalReason.HandshakeFailed, $"TLS: the certificate of {Peer} ({server.Subject}) was refused{detail}");
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
