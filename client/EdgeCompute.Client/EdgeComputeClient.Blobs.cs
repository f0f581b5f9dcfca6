using System.Net.Http.Headers;
using System.Security.Cryptography;
using EdgeCompute.Client.Blobs;
using EdgeCompute.Client.Errors;
using EdgeCompute.Client.Http;

namespace EdgeCompute.Client;

/// <summary>Blobs: modules and task inputs named by SHA-256 (<c>/api/blobs</c>).</summary>
public sealed partial class EdgeComputeClient
{
    /// <summary>The largest blob the coordinator takes: 8 MiB.</summary>
    public const long MaxBlobBytes = 8L * 1024 * 1024;

    /// <summary><c>PUT /api/blobs/{sha256}</c>: uploads bytes held by the token's owner (hashed here; a retry sends them again, which the coordinator takes as already held).</summary>
    /// <param name="bytes">The blob, at most <see cref="MaxBlobBytes"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The blob's hash and size.</returns>
    public Task<BlobStoredView> UploadBlobAsync(byte[] bytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return _transport.SendJsonAsync<BlobStoredView>(HttpMethod.Put, $"/api/blobs/{sha256}", new RawBody(() => Octets(new ByteArrayContent(bytes))), null, cancellationToken);
    }

    /// <summary>
    /// <c>PUT /api/blobs/{sha256}</c> from a stream: hashes it (one read), rewinds and streams it (each attempt rewinds
    /// again). The stream must be seekable: the hash goes in the URL before the bytes.
    /// </summary>
    /// <param name="content">The blob, readable and seekable, at most <see cref="MaxBlobBytes"/> from its position.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The blob's hash and size.</returns>
    /// <exception cref="ArgumentException">The stream cannot seek.</exception>
    public async Task<BlobStoredView> UploadBlobAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek || !content.CanRead)
        {
            throw new ArgumentException("uploading a blob needs a readable, seekable stream: its SHA-256 is sent before its bytes", nameof(content));
        }

        var start = content.Position;
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false));
        var length = content.Position - start;
        return await _transport.SendJsonAsync<BlobStoredView>(HttpMethod.Put, $"/api/blobs/{sha256}", new RawBody(() =>
        {
            content.Position = start;
            var body = Octets(new StreamContent(new NonClosingStream(content)));
            body.Headers.ContentLength = length;
            return body;
        }), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>HEAD /api/blobs/{sha256}</c>: whether the token's owner holds the blob (never whether another owner does).</summary>
    /// <param name="sha256">The blob's SHA-256 (64 lowercase hex).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when held.</returns>
    public async Task<bool> HasBlobAsync(string sha256, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _transport.SendAsync(HttpMethod.Head, $"/api/blobs/{Segment(sha256)}", null, null, (_, _) => Task.FromResult(true), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ApiProblemException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary><c>GET /api/blobs/{sha256}</c>: a blob's bytes, whole or the bytes <paramref name="from"/> to <paramref name="to"/> (inclusive).</summary>
    /// <param name="sha256">The blob's SHA-256.</param>
    /// <param name="from">The first byte of a range, or null for the whole blob.</param>
    /// <param name="to">The last byte of the range, or null for the rest of the blob.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bytes.</returns>
    public Task<byte[]> GetBlobAsync(string sha256, long? from = null, long? to = null, CancellationToken cancellationToken = default)
    {
        if (from is null && to is not null)
        {
            throw new ArgumentException("a range needs its first byte", nameof(from));
        }

        return _transport.SendAsync(HttpMethod.Get, $"/api/blobs/{Segment(sha256)}", null, null, (r, t) => r.Content.ReadAsByteArrayAsync(t), cancellationToken,
            from is { } first ? request => request.Headers.Range = new RangeHeaderValue(first, to) : null);
    }

    /// <summary><c>GET /api/blobs/{sha256}/chunks</c>: a blob's size and the SHA-256 of each 1 MiB chunk.</summary>
    /// <param name="sha256">The blob's SHA-256.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chunk list.</returns>
    public Task<BlobChunksView> GetBlobChunksAsync(string sha256, CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<BlobChunksView>(HttpMethod.Get, $"/api/blobs/{Segment(sha256)}/chunks", null, null, cancellationToken);

    private static HttpContent Octets(HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    /// <summary>The caller's stream, which a disposed request content must not close (a retry reads it again).</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
