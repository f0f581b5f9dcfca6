using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EdgeCompute.Gateway.EdgeTasks.Blobs;
using EdgeCompute.Gateway.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Gateway.Tests.EdgeTasks.Blobs;

/// <summary>
/// A gateway fetching blobs from an <c>https://</c> coordinator API signed by the fleet's private CA: with that CA (the
/// uplink's <c>CaFile</c>) it reaches the API; with another CA it is refused at the handshake and never asks.
/// </summary>
public sealed class BlobFetcherTlsTests
{
    private const string Hash = "0000000000000000000000000000000000000000000000000000000000000000";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_the_fleet_CA_the_fetcher_reaches_an_https_API_and_with_another_CA_it_is_refused_before_asking()
    {
        using var tls = new TlsFolder();
        using var other = new TlsFolder();
        using var server = new NotFoundTlsServer(X509Certificate2.CreateFromPemFile(tls.ServerCertificate, tls.ServerKey));
        var cache = Directory.CreateTempSubdirectory("ec-fetch-tls-").FullName;
        try
        {
            var trusted = await FetchAsync(server.Port, tls.Trust, cache);
            var refused = await FetchAsync(server.Port, other.Trust, cache);

            Assert.Equal(BlobFetchReasonCode.NotFound, trusted.ReasonCode); // the request reached the API, which answered 404
            Assert.NotEqual(BlobFetchReasonCode.NotFound, refused.ReasonCode);
            Assert.False(refused.IsSuccess);
            Assert.Equal(1, server.Requests); // only the trusting fetcher sent a request
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private static async Task<BlobFetchResult> FetchAsync(int port, X509Certificate2Collection trust, string cache)
    {
        var options = new BlobFetcherOptions(new Uri($"https://127.0.0.1:{port}/"), "gw-01", "secret", cache)
        {
            ApiTrust = trust,
            MaxChunkAttempts = 1,
            RetryDelay = TimeSpan.Zero,
        };
        using var fetcher = new BlobFetcher(options, handler: null, new FakeTimeProvider(DateTimeOffset.UtcNow));
        return await fetcher.FetchAsync(Hash, 10, Ct);
    }

    /// <summary>A TLS server on loopback that answers every HTTP request 404 and counts them.</summary>
    private sealed class NotFoundTlsServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _certificate;
        private readonly CancellationTokenSource _stop = new();
        private int _requests;

        public NotFoundTlsServer(X509Certificate2 certificate)
        {
            _certificate = certificate;
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Requests => Volatile.Read(ref _requests);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _certificate.Dispose();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    await using var ssl = new SslStream(client.GetStream());
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                    var buffer = new byte[8192];
                    var read = 0;
                    while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal) && read < buffer.Length)
                    {
                        var n = await ssl.ReadAsync(buffer.AsMemory(read), _stop.Token);
                        if (n == 0) return;
                        read += n;
                    }

                    Interlocked.Increment(ref _requests);
                    await ssl.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or ObjectDisposedException)
                {
                    // a refused handshake or a closed connection: nothing was asked
                }
            }
        }
    }
}
