using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using EdgeCompute.Gateway.EdgeTasks.Blobs;

namespace EdgeCompute.Gateway.Tests.Fixtures;

/// <summary>
/// TEST FIXTURE standing in for the coordinator's two blob endpoints over real HTTP (an <see cref="HttpListener"/> on
/// loopback), as the contract states them: <c>GET /api/blobs/{sha256}/chunks</c> and <c>GET /api/blobs/{sha256}</c> with
/// <c>Range</c>, 1 MiB chunks, <c>Authorization: Gateway id:password</c> checked (403 otherwise), 404 for unknown hashes.
/// </summary>
internal sealed class HttpBlobServer : IDisposable
{
    private const int ChunkBytes = 1 << 20;
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly string _authorization;
    private readonly Task _loop;

    public HttpBlobServer(string gatewayId, string password)
    {
        _authorization = $"Gateway {gatewayId}:{password}";
        Port = Support.FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public ConcurrentQueue<string> Requests { get; } = new();

    public string Add(byte[] bytes)
    {
        var hash = BlobHash.Of(bytes);
        _blobs[hash] = bytes;
        return hash;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the loop ends with the listener
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await AnswerAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // the client went away
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var range = request.Headers["Range"];
        Requests.Enqueue($"{request.HttpMethod} {request.Url!.AbsolutePath}{(range is null ? "" : " " + range)}");
        if (request.Headers["Authorization"] != _authorization)
        {
            response.StatusCode = 403;
            return;
        }

        var segments = request.Url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 3 || segments[0] != "api" || segments[1] != "blobs" || !_blobs.TryGetValue(segments[2], out var blob))
        {
            response.StatusCode = 404;
            return;
        }

        if (segments.Length == 4 && segments[3] == "chunks")
        {
            var chunks = blob.Chunk(ChunkBytes).Select(c => BlobHash.Of(c)).ToArray();
            var json = JsonSerializer.SerializeToUtf8Bytes(new { sha256 = segments[2], size = blob.Length, chunkBytes = ChunkBytes, chunks });
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(json);
            return;
        }

        var (from, to) = (0L, blob.Length - 1L);
        if (range is not null)
        {
            var bounds = range["bytes=".Length..].Split('-');
            (from, to) = (long.Parse(bounds[0], CultureInfo.InvariantCulture), Math.Min(long.Parse(bounds[1], CultureInfo.InvariantCulture), blob.Length - 1));
            if (from > to)
            {
                response.StatusCode = 416;
                return;
            }

            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {from}-{to}/{blob.Length}";
        }

        response.ContentType = "application/octet-stream";
        response.ContentLength64 = to - from + 1;
        await response.OutputStream.WriteAsync(blob.AsMemory((int)from, (int)(to - from + 1)));
    }
}
