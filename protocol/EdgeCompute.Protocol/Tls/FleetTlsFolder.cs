using System.Security.Cryptography;

namespace EdgeCompute.Protocol.Tls;

/// <summary>
/// The folder <c>edgecompute provision tls</c> writes: <c>ca.pem</c> and <c>ca-key.pem</c> (the fleet's CA), a server
/// certificate and key (<c>server.pem</c>, <c>server-key.pem</c>) and <c>gateways/{id}.pem</c> with
/// <c>gateways/{id}-key.pem</c> per gateway. Keys are written 0600. Run again on the same folder, it keeps the CA and
/// signs with it: it issues the server certificate asked for (a new name or new hosts) and client certificates for
/// gateways that have none, so certificates can be added and rotated without changing what every peer trusts.
/// </summary>
public static class FleetTlsFolder
{
    /// <summary>Makes (or completes) the folder.</summary>
    /// <param name="request">What to make.</param>
    /// <param name="now">The current time (certificates start a few minutes before it).</param>
    /// <returns>What was written.</returns>
    /// <exception cref="TlsFileException">The folder holds only half of a CA, or a CA that cannot be read.</exception>
    /// <exception cref="ArgumentException">A host or gateway id is not valid.</exception>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static TlsProvisionResult Provision(TlsProvisionRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Folder);
        var folder = Path.GetFullPath(request.Folder);
        Directory.CreateDirectory(Path.Combine(folder, TlsFiles.GatewayFolder));
        var caPath = Path.Combine(folder, TlsFiles.AuthorityCertificate);
        var caKeyPath = Path.Combine(folder, TlsFiles.AuthorityKey);
        var (authority, created) = OpenOrCreateAuthority(caPath, caKeyPath, request, now);
        using (authority)
        {
            var lifetime = CertificateLifetime.FromNow(now, request.CertificateDays);
            var serverPath = Path.Combine(folder, TlsFiles.CertificateFileName(request.ServerName));
            var serverKeyPath = Path.Combine(folder, TlsFiles.KeyFileName(request.ServerName));
            using (var server = authority.IssueServer(request.Hosts, lifetime))
            {
                TlsFiles.WriteKey(serverKeyPath, server.Key);
                TlsFiles.WriteCertificate(serverPath, server.Certificate);
            }

            List<string> issued = [], kept = [];
            foreach (var gatewayId in request.GatewayIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var certificatePath = Path.Combine(folder, TlsFiles.GatewayFolder, TlsFiles.CertificateFileName(gatewayId));
                var keyPath = Path.Combine(folder, TlsFiles.GatewayFolder, TlsFiles.KeyFileName(gatewayId));
                if (!request.RenewGateways && File.Exists(certificatePath) && File.Exists(keyPath) && !created)
                {
                    kept.Add(gatewayId);
                    continue;
                }

                using var client = authority.IssueClient(gatewayId, lifetime);
                TlsFiles.WriteKey(keyPath, client.Key);
                TlsFiles.WriteCertificate(certificatePath, client.Certificate);
                issued.Add(gatewayId);
            }

            return new TlsProvisionResult(caPath, created, serverPath, serverKeyPath, issued, kept);
        }
    }

    private static (FleetCertificateAuthority Authority, bool Created) OpenOrCreateAuthority(string caPath, string caKeyPath, TlsProvisionRequest request, DateTimeOffset now)
    {
        var haveCertificate = File.Exists(caPath);
        var haveKey = File.Exists(caKeyPath);
        if (haveCertificate != haveKey)
        {
            throw new TlsFileException(haveCertificate ? caKeyPath : caPath,
                $"is missing while {(haveCertificate ? caPath : caKeyPath)} exists; restore it, or remove both to make a new CA (every peer must then trust the new ca.pem)");
        }

        if (haveCertificate)
        {
            try
            {
                return (FleetCertificateAuthority.Load(File.ReadAllText(caPath), File.ReadAllText(caKeyPath)), false);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                throw new TlsFileException(caPath, $"cannot be used with {caKeyPath} as the fleet's CA ({e.Message})", e);
            }
        }

        var authority = FleetCertificateAuthority.Create(request.AuthorityName, CertificateLifetime.FromNow(now, request.AuthorityDays));
        TlsFiles.WriteKey(caKeyPath, authority.Authority.Key);
        TlsFiles.WriteCertificate(caPath, authority.Certificate);
        return (authority, true);
    }
}
