using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace EdgeCompute.Cli.Hosting;

/// <summary>Range checks on numeric options; a value out of range is a parse error (exit 2) that names the option.</summary>
internal static class OptionRanges
{
    /// <summary>Requires an integer option's value to be within <paramref name="min"/>..<paramref name="max"/>.</summary>
    /// <param name="option">The option.</param>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">The largest value.</param>
    /// <returns>The same option.</returns>
    public static Option<int> InRange(this Option<int> option, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out int value) && (value < min || value > max))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be {min} to {max}, found {value}"));
            }
        });
        return option;
    }

    /// <summary>Requires a number option's value to be above <paramref name="above"/> and at most <paramref name="max"/>.</summary>
    /// <param name="option">The option.</param>
    /// <param name="above">The value must be greater than this.</param>
    /// <param name="max">The largest value.</param>
    /// <returns>The same option.</returns>
    public static Option<double> AboveAndAtMost(this Option<double> option, double above, double max)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out double value) && !(value > above && value <= max))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be above {above} and at most {max}, found {value}"));
            }
        });
        return option;
    }

    /// <summary>Requires a share option's value to be within 0..1.</summary>
    /// <param name="option">The option.</param>
    /// <returns>The same option.</returns>
    public static Option<double> Share(this Option<double> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out double value) && !(value >= 0 && value <= 1))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be a share from 0 to 1, found {value}"));
            }
        });
        return option;
    }

    /// <summary>Reads an option's value; false when the text did not convert (that error is reported on its own).</summary>
    /// <param name="result">The option's parse result.</param>
    /// <param name="value">The value.</param>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <returns>Whether there is a value.</returns>
    public static bool TryGetValue<T>(OptionResult result, out T value)
    {
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }
}
