using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EdgeCompute.Client.Errors;

namespace EdgeCompute.Client.Tests.Http;

/// <summary>
/// <see cref="EdgeComputeClientOptions.TrustedCertificateAuthorities"/> against a real TLS server on loopback with
/// certificates made here: the client reaches an API whose certificate chains to the given CA; another CA's, an expired
/// one, or one for another host is refused; without the option the system's roots refuse the private CA.
/// </summary>
public sealed class TlsTrustTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task An_api_certificate_from_the_trusted_private_ca_is_accepted()
    {
        using var ca = Authority("fleet CA");
        using var server = await HttpsHealthServer.StartAsync(Issue(ca, "127.0.0.1", Now.AddDays(-1), Now.AddDays(10)));
        using var client = Client(server.Port, [ca]);

        var health = await client.GetHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal("ok", health.Status);
        Assert.Equal(1, server.Answered);
    }

    [Theory]
    [InlineData("another CA")]
    [InlineData("expired")]
    [InlineData("another host")]
    [InlineData("system roots")]
    public async Task An_api_certificate_that_does_not_pass_is_refused(string what)
    {
        using var ca = Authority("fleet CA");
        using var other = Authority("other CA");
        var certificate = what switch
        {
            "another CA" => Issue(other, "127.0.0.1", Now.AddDays(-1), Now.AddDays(10)),
            "expired" => Issue(ca, "127.0.0.1", Now.AddDays(-10), Now.AddDays(-1)),
            "another host" => Issue(ca, "10.9.8.7", Now.AddDays(-1), Now.AddDays(10)),
            _ => Issue(ca, "127.0.0.1", Now.AddDays(-1), Now.AddDays(10)),
        };
        using var server = await HttpsHealthServer.StartAsync(certificate);
        using var client = Client(server.Port, what == "system roots" ? null : [ca]);

        var error = await Assert.ThrowsAsync<ApiTransportException>(() => client.GetHealthAsync(TestContext.Current.CancellationToken));

        Assert.Equal(1, error.Attempts);
        Assert.Equal(0, server.Answered);
    }

    private static EdgeComputeClient Client(int port, X509Certificate2[]? trust) => new(new EdgeComputeClientOptions
    {
        BaseAddress = new Uri($"https://127.0.0.1:{port}"),
        MaxAttempts = 1,
        Timeout = TimeSpan.FromSeconds(20),
        TrustedCertificateAuthorities = trust is null ? null : new X509Certificate2Collection(trust),
    });

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(Now.AddDays(-30), Now.AddYears(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string address, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={address}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Parse(address));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        using var issued = request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(12));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>A one-route HTTPS server on loopback: answers every request with <c>GET /api/health</c>'s body.</summary>
    private sealed class HttpsHealthServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _certificate;
        private readonly CancellationTokenSource _stop = new();
        private int _answered;

        private HttpsHealthServer(X509Certificate2 certificate) => _certificate = certificate;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Answered => Volatile.Read(ref _answered);

        public static Task<HttpsHealthServer> StartAsync(X509Certificate2 certificate)
        {
            var server = new HttpsHealthServer(certificate);
            server._listener.Start();
            _ = Task.Run(server.AcceptAsync);
            return Task.FromResult(server);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
            _certificate.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                _ = Task.Run(() => ServeAsync(connection));
            }
        }

        private async Task ServeAsync(TcpClient connection)
        {
            using var _ = connection;
            try
            {
                await using var tls = new SslStream(connection.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await tls.ReadAsync(buffer, _stop.Token);
                    if (read == 0) return;
                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var body = "{\"status\":\"ok\",\"time\":\"2026-12-07T00:00:00+00:00\"}";
                var answer = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
                await tls.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
                Interlocked.Increment(ref _answered);
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or ObjectDisposedException)
            {
                // the client refused the certificate, or the server is stopping
            }
        }
    }
}
