using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using EdgeCompute.Coordinator.Domain.Jobs;

namespace EdgeCompute.Coordinator.Api.Jobs;

/// <summary>
/// Encodes a <see cref="GrayImage"/> as a PNG (8-bit grayscale, colour type 0, no interlace): signature, <c>IHDR</c>,
/// one zlib <c>IDAT</c>, <c>IEND</c>. Each row takes the filter (None, Sub, Up, Paeth) with the smallest sum of absolute
/// filtered bytes, the heuristic libpng uses. Written on the BCL alone (<see cref="ZLibStream"/> and a CRC-32 table).
/// </summary>
public static class GrayImagePng
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>The PNG media type.</summary>
    public const string MediaType = "image/png";

    /// <summary>Encodes the image.</summary>
    /// <param name="image">The image: width and height at least 1, <c>Width × Height</c> pixels.</param>
    /// <returns>The PNG bytes.</returns>
    /// <exception cref="ArgumentException">An empty image, or a pixel count that does not match the size.</exception>
    public static byte[] Encode(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(image.Pixels);
        if (image.Width < 1 || image.Height < 1 || (long)image.Width * image.Height != image.Pixels.Length)
        {
            throw new ArgumentException($"a {image.Width}×{image.Height} image needs {(long)image.Width * image.Height} pixels, has {image.Pixels.Length}", nameof(image));
        }

        using var png = new MemoryStream();
        png.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = 8; // bit depth
        header[9] = 0; // grayscale
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", Compress(image));
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Compress(GrayImage image)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var width = image.Width;
            var candidates = new byte[4][];
            for (var f = 0; f < candidates.Length; f++)
            {
                candidates[f] = new byte[width + 1];
            }

            for (var y = 0; y < image.Height; y++)
            {
                var row = image.Pixels.AsSpan(y * width, width);
                var hasAbove = y > 0;
                var above = hasAbove ? image.Pixels.AsSpan((y - 1) * width, width) : default;
                var best = 0;
                var bestCost = long.MaxValue;
                for (var filter = 0; filter < candidates.Length; filter++)
                {
                    var type = filter == 3 ? 4 : filter; // None, Sub, Up, Paeth
                    var output = candidates[filter];
                    output[0] = (byte)type;
                    long cost = 0;
                    for (var x = 0; x < width; x++)
                    {
                        int left = x > 0 ? row[x - 1] : 0, up = hasAbove ? above[x] : 0, upLeft = x > 0 && hasAbove ? above[x - 1] : 0;
                        var predicted = type switch { 1 => left, 2 => up, 4 => Paeth(left, up, upLeft), _ => 0 };
                        var value = (byte)(row[x] - predicted);
                        output[x + 1] = value;
                        cost += (sbyte)value < 0 ? -(sbyte)value : value;
                    }

                    if (cost < bestCost)
                    {
                        (best, bestCost) = (filter, cost);
                    }
                }

                zlib.Write(candidates[best]);
            }
        }

        return compressed.ToArray();
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        int toLeft = Math.Abs(estimate - left), toUp = Math.Abs(estimate - up), toUpLeft = Math.Abs(estimate - upLeft);
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }

    private static void WriteChunk(Stream png, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu);
        png.Write(word);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
