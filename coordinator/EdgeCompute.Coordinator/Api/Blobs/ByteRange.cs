using System.Globalization;

namespace EdgeCompute.Coordinator.Api.Blobs;

/// <summary>One byte range of a blob, from a <c>Range: bytes=A-B</c> (or <c>A-</c>, or the suffix <c>-N</c>) header.</summary>
/// <param name="From">The first byte.</param>
/// <param name="Length">How many bytes (at least 1).</param>
public sealed record ByteRange(long From, long Length)
{
    /// <summary>Gets the last byte.</summary>
    public long To => From + Length - 1;

    /// <summary>Parses a Range header against a blob of <paramref name="size"/> bytes.</summary>
    /// <param name="header">The header's value.</param>
    /// <param name="size">The blob's size.</param>
    /// <param name="range">The range, when satisfiable.</param>
    /// <returns>True with the range; false when the header is not one satisfiable byte range.</returns>
    public static bool TryParse(string header, long size, out ByteRange? range)
    {
        ArgumentNullException.ThrowIfNull(header);
        range = null;
        const string Unit = "bytes=";
        if (!header.StartsWith(Unit, StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return false;
        }

        var spec = header[Unit.Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return false;
        }

        var (first, last) = (spec[..dash], spec[(dash + 1)..]);
        if (first.Length == 0)
        {
            // suffix: the last N bytes
            if (!Number(last, out var suffix) || suffix == 0 || size == 0)
            {
                return false;
            }

            var length = Math.Min(suffix, size);
            range = new ByteRange(size - length, length);
            return true;
        }

        if (!Number(first, out var from) || from >= size)
        {
            return false;
        }

        long to = size - 1;
        if (last.Length > 0)
        {
            if (!Number(last, out to) || to < from)
            {
                return false;
            }

            to = Math.Min(to, size - 1);
        }

        range = new ByteRange(from, to - from + 1);
        return true;
    }

    private static bool Number(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
