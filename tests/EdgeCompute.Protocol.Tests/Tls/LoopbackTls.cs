using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Protocol.Tests.Tls;

/// <summary>Real TLS over loopback TCP: a server running <see cref="TlsServerHandshake"/> and a client checking with <see cref="ServerCertificateCheck"/>.</summary>
internal static class LoopbackTls
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>One connection: the client connects to 127.0.0.1 (as <paramref name="host"/>), sends one byte after its handshake, and both outcomes are returned.</summary>
    public static async Task<(TlsHandshakeResult Server, Exception? ClientError, ServerCertificateCheck Check)> ConnectAsync(
        TlsServerOptions server, X509Certificate2Collection? clientTrust, string host = "127.0.0.1", X509Certificate2? clientCertificate = null)
    {
        var handshake = new TlsServerHandshake(server);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serverSide = ServeOnceAsync(listener, handshake);
        var check = new ServerCertificateCheck(host, port, clientTrust, "the test CA");
        Exception? clientError = null;
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Limit);
            await using var ssl = new SslStream(client.GetStream(), false, check.Validate);
            try
            {
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                }).WaitAsync(Limit);
                await ssl.WriteAsync(new byte[] { 0x10 }).AsTask().WaitAsync(Limit);
                await ssl.FlushAsync().WaitAsync(Limit);

                // TLS 1.3 sends the server's verdict on the client certificate after the client's handshake is done: read to see it.
                var buffer = new byte[1];
                var read = ssl.ReadAsync(buffer).AsTask();
                var result = await serverSide.WaitAsync(Limit);
                if (!result.IsSuccess)
                {
                    try
                    {
                        // .NET refuses a client certificate after the handshake and just hangs up: the client reads the end
                        if (await read.WaitAsync(Limit) == 0)
                        {
                            clientError = new IOException("the server closed the connection after the handshake");
                        }
                    }
                    catch (Exception e) when (e is IOException or AuthenticationException)
                    {
                        clientError = e;
                    }
                }

                return (result, clientError, check);
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                clientError = e;
            }
        }

        return (await serverSide.WaitAsync(Limit), clientError, check);
    }

    /// <summary>One plain connection that sends <paramref name="bytes"/> and waits for the server to hang up.</summary>
    public static async Task<(TlsHandshakeResult Server, int BytesBack)> SendPlainAsync(TlsServerOptions server, byte[] bytes)
    {
        var handshake = new TlsServerHandshake(server);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serverSide = ServeOnceAsync(listener, handshake);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port).WaitAsync(Limit);
        var stream = client.GetStream();
        await stream.WriteAsync(bytes).AsTask().WaitAsync(Limit);
        var result = await serverSide.WaitAsync(Limit);
        var back = 0;
        try
        {
            back = await stream.ReadAsync(new byte[64]).AsTask().WaitAsync(Limit);
        }
        catch (IOException)
        {
            // a reset is a hang-up too
        }

        return (result, back);
    }

    public static async Task<TlsHandshakeResult> ServeOnceAsync(TcpListener listener, TlsServerHandshake handshake)
    {
        var socket = await listener.AcceptSocketAsync().WaitAsync(Limit);
        var result = await handshake.AuthenticateAsync(new NetworkStream(socket, ownsSocket: true), socket.RemoteEndPoint);
        if (result.Stream is { } stream)
        {
            await stream.DisposeAsync();
        }

        return result;
    }
}
