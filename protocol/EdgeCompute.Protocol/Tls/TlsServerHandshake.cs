using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeCompute.Protocol.Tls;

/// <summary>
/// The server side of a TLS connection for an embedded broker: reads the first byte to tell a plain MQTT client (a
/// CONNECT starts with 0x10) from a TLS one (a handshake record starts with 0x16), runs the handshake and waits for the
/// client's first encrypted byte within <see cref="TlsServerOptions.HandshakeTimeout"/>, and checks a client
/// certificate when one is required. Every outcome
/// that is not an encrypted stream is a <see cref="TlsRefusal"/> the broker counts and logs; nothing throws for a
/// peer's mistakes.
/// </summary>
public sealed class TlsServerHandshake
{
    private const byte TlsHandshakeRecord = 0x16;
    private const byte MqttConnect = 0x10;
    private readonly TlsServerOptions _options;
    private readonly SslStreamCertificateContext _context;

    /// <summary>Creates the handshake.</summary>
    /// <param name="options">The settings; <see cref="TlsServerOptions.Certificate"/> must carry its private key.</param>
    /// <exception cref="ArgumentException">No certificate, or one without its private key.</exception>
    public TlsServerHandshake(TlsServerOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Certificate is not { HasPrivateKey: true } certificate)
        {
            throw new ArgumentException("the server certificate with its private key is required", nameof(options));
        }

        if (options.HandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("the handshake timeout must be positive", nameof(options));
        }

        _context = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
    }

    /// <summary>Authenticates one accepted connection.</summary>
    /// <param name="connection">The connection's stream; owned by the result's stream on success, disposed on refusal.</param>
    /// <param name="remote">The peer's address, for messages.</param>
    /// <param name="cancellationToken">Stops waiting (the server is stopping).</param>
    /// <returns>The encrypted stream, or why the connection was refused.</returns>
    public async Task<TlsHandshakeResult> AuthenticateAsync(Stream connection, EndPoint? remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.HandshakeTimeout);
        var first = new byte[1];
        SslStream? ssl = null;
        TlsRefusal? clientRefusal = null;
        try
        {
            if (await connection.ReadAsync(first, timeout.Token).ConfigureAwait(false) == 0)
            {
                return await RefuseAsync(connection, TlsRefusalReason.PeerAborted, $"TLS: {remote} closed the connection before the handshake").ConfigureAwait(false);
            }

            if (first[0] != TlsHandshakeRecord)
            {
                var what = first[0] == MqttConnect ? "a plain MQTT CONNECT" : string.Create(CultureInfo.InvariantCulture, $"byte 0x{first[0]:x2}");
                return await RefuseAsync(connection, TlsRefusalReason.NotTls, $"TLS: {remote} sent {what} instead of a TLS handshake (a plain mqtt:// client on the TLS port)").ConfigureAwait(false);
            }

            ssl = new SslStream(new PrefixedStream(first, connection), leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = _context,
                    ClientCertificateRequired = _options.ClientTrust is not null,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    EncryptionPolicy = EncryptionPolicy.RequireEncryption,
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    {
                        clientRefusal = _options.ClientTrust is null ? null : CheckClient(certificate, remote);
                        return clientRefusal is null;
                    },
                },
                timeout.Token).ConfigureAwait(false);
            // A .NET client on Linux checks the server's certificate only after the handshake and then just hangs up, so a
            // refusal shows here as a connection that ends before its first byte of MQTT: wait for that byte.
            if (await ssl.ReadAsync(first, timeout.Token).ConfigureAwait(false) == 0)
            {
                return await RefuseAsync(ssl, TlsRefusalReason.PeerAborted,
                    $"TLS: {remote} closed the connection after the handshake, before CONNECT (a client that does not trust this server's certificate does so)").ConfigureAwait(false);
            }

            var client = ssl.RemoteCertificate is { } presented ? X509CertificateLoader.LoadCertificate(presented.GetRawCertData()) : null;
            return TlsHandshakeResult.Success(new PrefixedStream(first, ssl), client);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await RefuseAsync(ssl ?? connection, TlsRefusalReason.Timeout,
                $"TLS: {remote} did not finish the handshake within {_options.HandshakeTimeout.TotalSeconds:0.#} s").ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            var stage = ssl?.IsAuthenticated == true ? "closed the connection after the handshake, before CONNECT" : "ended the handshake";
            var refusal = clientRefusal ?? new TlsRefusal(TlsRefusalReason.PeerAborted,
                $"TLS: {remote} {stage} ({Innermost(e).Message.TrimEnd('.')}); a client that does not trust this server's certificate does so");
            return await RefuseAsync(ssl ?? connection, refusal.Reason, refusal.Message).ConfigureAwait(false);
        }
        catch
        {
            await (ssl ?? connection).DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private TlsRefusal? CheckClient(X509Certificate? certificate, EndPoint? remote)
    {
        if (certificate is null)
        {
            return new TlsRefusal(TlsRefusalReason.NoCertificate, $"TLS: {remote} sent no client certificate; this listener requires one signed by the fleet CA");
        }

        using var client = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_options.ClientTrust!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(FleetCertificateAuthority.ClientAuthOid));
        chain.ChainPolicy.VerificationTime = DateTime.Now;
        if (chain.Build(client))
        {
            return null;
        }

        var statuses = chain.ChainStatus.Select(s => s.Status).Aggregate(X509ChainStatusFlags.NoError, (a, b) => a | b);
        var subject = client.Subject;
        return (statuses & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotSignatureValid)) != 0
            ? new TlsRefusal(TlsRefusalReason.UntrustedIssuer, $"TLS: the client certificate of {remote} ({subject}, issued by {client.Issuer}) is not signed by the fleet CA")
            : statuses.HasFlag(X509ChainStatusFlags.NotTimeValid)
                ? new TlsRefusal(client.NotAfter < DateTime.Now ? TlsRefusalReason.Expired : TlsRefusalReason.NotYetValid,
                    $"TLS: the client certificate of {remote} ({subject}) is valid from {client.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} to {client.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC, not now")
                : statuses.HasFlag(X509ChainStatusFlags.NotValidForUsage)
                    ? new TlsRefusal(TlsRefusalReason.WrongUsage, $"TLS: the certificate of {remote} ({subject}) is not a client certificate (no clientAuth usage)")
                    : new TlsRefusal(TlsRefusalReason.HandshakeFailed, $"TLS: the client certificate of {remote} ({subject}) was refused ({statuses})");
    }

    private static async Task<TlsHandshakeResult> RefuseAsync(Stream stream, TlsRefusalReason reason, string message)
    {
        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or AuthenticationException)
        {
            // closing a connection that failed its handshake may fail too
        }

        return TlsHandshakeResult.Refused(new TlsRefusal(reason, message));
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }
}
