using System.Globalization;

namespace EdgeCompute.Gateway.Sensors.Ds18b20;

/// <summary>
/// Parses what the kernel's w1_therm driver writes for a DS18B20. <c>w1_slave</c> holds the scratchpad twice:
/// <code>
/// 72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
/// 72 01 4b 46 7f ff 0e 10 57 t=23125
/// </code>
/// and <c>temperature</c> (newer kernels) only the millidegrees.
/// </summary>
internal static class W1ThermText
{
    // The DS18B20's measuring range; anything outside is a bad read.
    private const long MinMillidegrees = -55_000;
    private const long MaxMillidegrees = 125_000;

    /// <summary>Parses a <c>w1_slave</c> text; false on a CRC failure ("NO"), an all-zero scratchpad, or anything malformed.</summary>
    public static bool TryParseW1Slave(string text, out long millidegrees)
    {
        millidegrees = 0;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 2 || !lines[0].Contains("crc=", StringComparison.Ordinal)
            || !lines[0].EndsWith(" YES", StringComparison.Ordinal))
        {
            return false;
        }

        // A probe with a broken data line can read as nine zero bytes, whose CRC is also zero ("crc=00 YES").
        var colon = lines[0].IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && lines[0].AsSpan(0, colon).IndexOfAnyExcept(' ', '0') < 0)
        {
            return false;
        }

        var at = lines[1].LastIndexOf("t=", StringComparison.Ordinal);
        return at >= 0 && TryParseMillidegrees(lines[1].AsSpan(at + 2), out millidegrees);
    }

    /// <summary>Parses a <c>temperature</c> text: millidegrees as a decimal integer.</summary>
    public static bool TryParseMillidegrees(ReadOnlySpan<char> text, out long millidegrees) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out millidegrees)
        && millidegrees is >= MinMillidegrees and <= MaxMillidegrees;
}
