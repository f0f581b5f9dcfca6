using System.Net.Sockets;
using System.Security.Authentication;

namespace EdgeCompute.Protocol.Tls;

/// <summary>
/// Turns the exception of a failed client connection into one line naming the cause: the refusal the
/// <see cref="ServerCertificateCheck"/> recorded, a server that ended the handshake (it refused this client's
/// certificate, or sent none it could check), a port that does not speak TLS, or a plain client that a TLS port hung up on.
/// </summary>
public static class TlsClientFailure
{
    /// <summary>Describes a failed connection of a TLS client.</summary>
    /// <param name="error">What the connect call threw.</param>
    /// <param name="check">The check the client used (its <see cref="ServerCertificateCheck.LastRefusal"/> is taken first).</param>
    /// <returns>The refusal, or null when the failure had nothing to do with TLS (refused TCP connection, DNS, a timeout before the handshake).</returns>
    public static TlsRefusal? Describe(Exception error, ServerCertificateCheck check)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(check);
        if (check.LastRefusal is { } refusal)
        {
            return refusal;
        }

        var authentication = Find<AuthenticationException>(error);
        if (authentication is not null)
        {
            var detail = Innermost(authentication).Message.TrimEnd('.');
            return detail.Contains("frame", StringComparison.OrdinalIgnoreCase)
                ? new TlsRefusal(TlsRefusalReason.NotTls, $"TLS: {check.Peer} did not answer in TLS (a plain mqtt:// port? {detail})")
                : new TlsRefusal(TlsRefusalReason.PeerAborted, $"TLS: {check.Peer} ended the handshake ({detail}): it refused this client's certificate, or requires one (--client-cert)");
        }

        if (Find<SocketException>(error) is { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.TryAgain or SocketError.NetworkUnreachable or SocketError.HostUnreachable })
        {
            return null; // nothing listens there, or no route: not a TLS matter
        }

        if (Innermost(error).Message is var innermost && innermost.Contains(" alert ", StringComparison.Ordinal))
        {
            // The server sent a TLS alert (OpenSSL's text, as .NET reports it on Linux): "tlsv13 alert certificate required".
            var alert = innermost[(innermost.IndexOf(" alert ", StringComparison.Ordinal) + 1)..].TrimEnd('.', ')');
            var hint = alert.Contains("certificate required", StringComparison.OrdinalIgnoreCase)
                ? "it requires a client certificate signed by the fleet CA (--client-cert)"
                : "it refused this client's certificate, or requires one (--client-cert)";
            return new TlsRefusal(TlsRefusalReason.PeerAborted, $"TLS: {check.Peer} refused the handshake ({alert}): {hint}");
        }

        if (Find<SocketException>(error) is { SocketErrorCode: SocketError.ConnectionReset or SocketError.NotConnected or SocketError.Shutdown or SocketError.ConnectionAborted } reset)
        {
            // In TLS 1.3 a server judges the client's certificate after the client's side of the handshake is done, so its
            // refusal (an alert, then a reset) may reach the client only as a broken connection on its first write.
            return new TlsRefusal(TlsRefusalReason.PeerAborted,
                $"TLS: {check.Peer} closed the connection during or right after the TLS handshake ({reset.Message}): it refused this client's certificate or requires one (--client-cert), or it does not speak TLS");
        }

        if (Find<IOException>(error) is { } io && Innermost(io) is not SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return new TlsRefusal(TlsRefusalReason.PeerAborted,
                $"TLS: {check.Peer} closed the connection during the TLS handshake ({Innermost(io).Message.TrimEnd('.')}): a plain mqtt:// port, or it refused this client's certificate");
        }

        return null;
    }

    /// <summary>
    /// Describes a TLS connection the server closed right after the handshake, before answering CONNECT: what a .NET
    /// server does when it refuses the client's certificate (it checks it after the handshake and sends no alert).
    /// </summary>
    /// <param name="check">The check the client used.</param>
    /// <returns>The line.</returns>
    public static TlsRefusal ClosedAfterHandshake(ServerCertificateCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.LastRefusal ?? new TlsRefusal(TlsRefusalReason.PeerAborted,
            $"TLS: {check.Peer} closed the connection after the TLS handshake without answering CONNECT: it refused this client's certificate, or requires one (--client-cert)");
    }

    /// <summary>Describes a failed connection of a plain (non-TLS) client whose server hung up before answering CONNECT.</summary>
    /// <param name="peer">The server, as <c>host:port</c>.</param>
    /// <returns>The line.</returns>
    public static TlsRefusal PlainClientHungUp(string peer) =>
        new(TlsRefusalReason.NotTls, $"{peer} closed the connection without answering CONNECT: a TLS port? connect with mqtts:// and --ca");

    private static T? Find<T>(Exception error)
        where T : Exception
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }

            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate && Find<T>(aggregate.InnerExceptions[0]) is { } inner)
            {
                return inner;
            }
        }

        return null;
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
