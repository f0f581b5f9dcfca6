using System.IO.Compression;
using System.Runtime.InteropServices;
using EdgeCompute.Protocol.Decoding;

namespace EdgeCompute.Protocol.Batches;

/// <summary>Compresses batch bodies and expands them into a buffer of exactly the declared length, never more.</summary>
internal static class BatchCompression
{
    public static byte[] Compress(BatchCodec codec, ReadOnlySpan<byte> raw)
    {
        if (codec == BatchCodec.None)
        {
            return raw.ToArray();
        }

        using var output = new MemoryStream();
        using (Stream compressor = codec == BatchCodec.Deflate
            ? new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true)
            : new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(raw);
        }

        return output.ToArray();
    }

    /// <summary>
    /// Expands <paramref name="compressed"/> into exactly <paramref name="rawLength"/> bytes. Reads at most one byte past
    /// the declared length, so a stream that would produce more is refused after producing rawLength + 1 bytes.
    /// </summary>
    public static DecodeError? TryExpand(BatchCodec codec, ReadOnlyMemory<byte> compressed, uint rawLength, out byte[] raw)
    {
        raw = [];
        if (codec == BatchCodec.None)
        {
            if (compressed.Length != rawLength)
            {
                return new(DecodeErrorCode.LengthMismatch, $"batch body: codec none with {compressed.Length} bytes, declared raw length {rawLength}");
            }

            raw = compressed.ToArray();
            return null;
        }

        var source = MemoryMarshal.TryGetArray(compressed, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(compressed.ToArray(), writable: false);
        using var input = source;
        try
        {
            using Stream expander = codec == BatchCodec.Deflate
                ? new DeflateStream(input, CompressionMode.Decompress)
                : new BrotliStream(input, CompressionMode.Decompress);
            var buffer = new byte[rawLength];
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = expander.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    return new(DecodeErrorCode.LengthMismatch, $"batch body: the {codec} stream ends after {filled} bytes, declared raw length {rawLength}");
                }

                filled += read;
            }

            Span<byte> probe = stackalloc byte[1];
            if (expander.Read(probe) != 0)
            {
                return new(DecodeErrorCode.LengthMismatch, $"batch body: the {codec} stream produces more than the declared raw length {rawLength}");
            }

            raw = buffer;
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException)
        {
            return new(DecodeErrorCode.DecompressionFailed, $"batch body: not a valid {codec} stream: {e.Message}");
        }
    }
}
