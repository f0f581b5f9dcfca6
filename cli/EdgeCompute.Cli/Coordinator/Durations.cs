using System.CommandLine;
using System.Globalization;

namespace EdgeCompute.Cli.Coordinator;

/// <summary>Duration options: <c>90s</c>, <c>15m</c>, <c>1h</c>, <c>1d</c>, or a .NET time span such as <c>00:10:00</c>.</summary>
internal static class Durations
{
    /// <summary>Creates a duration option; a malformed or non-positive value is a parse error naming the option.</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="description">The help text.</param>
    /// <param name="defaultValue">The value when not given.</param>
    /// <param name="minimum">The smallest value accepted.</param>
    /// <returns>The option.</returns>
    public static Option<Duration> Create(string name, string description, TimeSpan defaultValue, TimeSpan minimum) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        DefaultValueFactory = _ => new Duration(defaultValue), // help shows it as the option takes it: 1d, not 1.00:00:00
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!TryParse(text, out var value))
            {
                result.AddError($"{name}: \"{text}\" is not a duration; expected a number with s, m, h or d (90s, 15m, 1h, 1d) or hh:mm:ss");
                return default;
            }

            if (value < minimum)
            {
                result.AddError($"{name} must be at least {Format(minimum)}, found {text}");
            }

            return new Duration(value);
        },
    };

    /// <summary>Parses a duration.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration.</param>
    /// <returns>Whether the text is a duration.</returns>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var unit = char.ToLowerInvariant(text[^1]);
        var scale = unit switch { 's' => 1.0, 'm' => 60.0, 'h' => 3600.0, 'd' => 86400.0, _ => 0.0 };
        if (scale > 0 && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            && number * scale < TimeSpan.MaxValue.TotalSeconds)
        {
            value = TimeSpan.FromSeconds(number * scale);
            return true;
        }

        return scale == 0 && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Formats a duration the way the options take it (<c>1d</c>, <c>15m</c>, <c>00:00:01.5</c>).</summary>
    /// <param name="value">The duration.</param>
    /// <returns>The text.</returns>
    public static string Format(TimeSpan value) =>
        value.Ticks % TimeSpan.TicksPerDay == 0 ? $"{value.Days}d"
        : value.Ticks % TimeSpan.TicksPerHour == 0 ? string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalHours}h")
        : value.Ticks % TimeSpan.TicksPerMinute == 0 ? string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalMinutes}m")
        : value.Ticks % TimeSpan.TicksPerSecond == 0 ? string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalSeconds}s")
        : value.ToString("c", CultureInfo.InvariantCulture);
}
