using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeCompute.Coordinator.Api.Http;

/// <summary>Reads query parameters, answering a malformed one with a 400 problem that names it.</summary>
public static partial class ApiQuery
{
    /// <summary>Reads an optional whole number within bounds.</summary>
    /// <param name="name">The parameter name (for the problem).</param>
    /// <param name="text">The raw value, or null when absent.</param>
    /// <param name="fallback">The value when absent.</param>
    /// <param name="min">The least value accepted.</param>
    /// <param name="max">The greatest value accepted.</param>
    /// <param name="value">The value read.</param>
    /// <returns>Null when read, else the problem.</returns>
    public static ProblemHttpResult? Int(string name, string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            value = fallback;
            return ApiProblems.BadRequest(name, $"{name} must be a whole number from {min} to {max}, got \"{Clip(text)}\"");
        }

        return null;
    }

    /// <summary>Reads an optional instant: ISO 8601 (<c>2026-01-01T00:00:00Z</c>, a date, or with an offset) or milliseconds since the Unix epoch.</summary>
    /// <param name="name">The parameter name (for the problem).</param>
    /// <param name="text">The raw value, or null when absent.</param>
    /// <param name="fallback">The value when absent, ms since the Unix epoch.</param>
    /// <param name="valueMs">The instant read, ms since the Unix epoch.</param>
    /// <returns>Null when read, else the problem.</returns>
    public static ProblemHttpResult? Time(string name, string? text, long fallback, out long valueMs)
    {
        valueMs = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (TryParseTime(text, out valueMs))
        {
            return null;
        }

        valueMs = fallback;
        return ApiProblems.BadRequest(name,
            $"{name} \"{Clip(text)}\" is not a time: use ISO 8601 in UTC or with an offset (2026-01-01T08:30:00Z, 2026-01-01T08:30:00%2B02:00 with + encoded as %2B, " +
            "or a date such as 2026-01-01 for midnight UTC), or milliseconds since the Unix epoch (1767225600000)");
    }

    /// <summary>Parses an instant as <see cref="Time"/> does.</summary>
    /// <param name="text">The text.</param>
    /// <param name="valueMs">The instant, ms since the Unix epoch.</param>
    /// <returns>Whether it is one.</returns>
    public static bool TryParseTime(string text, out long valueMs)
    {
        ArgumentNullException.ThrowIfNull(text);
        valueMs = 0;
        var trimmed = text.Trim();
        if (trimmed.Length is > 0 and <= 20 && (char.IsAsciiDigit(trimmed[0]) || trimmed[0] == '-') && trimmed.Skip(1).All(char.IsAsciiDigit))
        {
            return long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out valueMs);
        }

        // An unencoded "+02:00" arrives as " 02:00": put the plus back.
        var repaired = UnencodedPlus().Replace(trimmed, "+${offset}");
        if (!IsoDate().IsMatch(repaired)
            || !DateTimeOffset.TryParse(repaired, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return false;
        }

        valueMs = time.ToUnixTimeMilliseconds();
        return true;
    }

    /// <summary>Shortens a hostile value for an error message.</summary>
    /// <param name="text">The value.</param>
    /// <returns>At most 64 characters of it.</returns>
    public static string Clip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var printable = new string([.. text.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length > 64 ? printable + "…" : printable;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?([Zz]|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?<=[Tt]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?) (?<offset>\d{2}:?\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex UnencodedPlus();
}
