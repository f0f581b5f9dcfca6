using System.Text.Json;

namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>
/// The answer of <c>GET /api/blobs/{sha256}/chunks</c>: <c>{"sha256","size","chunkBytes","chunks":[hex, ...]}</c>, one
/// SHA-256 per chunk of <see cref="ChunkBytes"/> bytes (the last one may be shorter).
/// </summary>
/// <param name="Hash">The blob's SHA-256.</param>
/// <param name="Size">The blob's size in bytes.</param>
/// <param name="ChunkBytes">The chunk size.</param>
/// <param name="Chunks">Each chunk's SHA-256, in order.</param>
public sealed record BlobChunkList(string Hash, long Size, int ChunkBytes, IReadOnlyList<string> Chunks)
{
    /// <summary>The byte offset of chunk <paramref name="index"/>.</summary>
    /// <param name="index">The chunk.</param>
    /// <returns>Its first byte.</returns>
    public long Offset(int index) => (long)index * ChunkBytes;

    /// <summary>The length of chunk <paramref name="index"/> (the last one may be shorter).</summary>
    /// <param name="index">The chunk.</param>
    /// <returns>Its length in bytes.</returns>
    public int Length(int index) => (int)Math.Min(ChunkBytes, Size - Offset(index));

    /// <summary>Reads and checks a chunk list for <paramref name="expectedHash"/>.</summary>
    /// <param name="json">The response body.</param>
    /// <param name="expectedHash">The hash that was asked for.</param>
    /// <param name="list">The list, when valid.</param>
    /// <param name="problem">What is wrong, when not.</param>
    /// <returns>Whether the list is valid.</returns>
    public static bool TryParse(ReadOnlySpan<byte> json, string expectedHash, out BlobChunkList? list, out string problem)
    {
        list = null;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("sha256", out var hashElement) || hashElement.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("size", out var sizeElement) || !sizeElement.TryGetInt64(out var size)
                || !root.TryGetProperty("chunkBytes", out var chunkElement) || !chunkElement.TryGetInt32(out var chunkBytes)
                || !root.TryGetProperty("chunks", out var chunksElement) || chunksElement.ValueKind != JsonValueKind.Array)
            {
                problem = "the chunk list lacks sha256, size, chunkBytes or chunks";
                return false;
            }

            var hash = hashElement.GetString();
            if (!string.Equals(hash, expectedHash, StringComparison.Ordinal))
            {
                problem = $"the chunk list is for {hash}, not {expectedHash}";
                return false;
            }

            if (size < 0 || chunkBytes < 1 || chunkBytes > BlobLimits.MaxModuleBytes)
            {
                problem = $"the chunk list has size {size} and chunkBytes {chunkBytes} (1 to {BlobLimits.MaxModuleBytes})";
                return false;
            }

            var expectedChunks = (size + chunkBytes - 1) / chunkBytes;
            if (chunksElement.GetArrayLength() != expectedChunks)
            {
                problem = $"the chunk list has {chunksElement.GetArrayLength()} chunks; {size} bytes in chunks of {chunkBytes} need {expectedChunks}";
                return false;
            }

            var chunks = new List<string>((int)expectedChunks);
            foreach (var chunk in chunksElement.EnumerateArray())
            {
                var text = chunk.ValueKind == JsonValueKind.String ? chunk.GetString() : null;
                if (!BlobHash.IsValid(text))
                {
                    problem = $"chunk {chunks.Count} of the list is not a SHA-256 in lowercase hex";
                    return false;
                }

                chunks.Add(text!);
            }

            list = new BlobChunkList(expectedHash, size, chunkBytes, chunks);
            problem = string.Empty;
            return true;
        }
        catch (JsonException e)
        {
            problem = $"the chunk list is not JSON: {e.Message}";
            return false;
        }
    }
}
