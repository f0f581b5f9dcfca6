using System.Globalization;
using System.Text.Json.Serialization;

namespace EdgeCompute.Coordinator.Api.Telemetry;

/// <summary>
/// A stored integer mantissa with its decimal exponent, written exactly as a decimal number (<c>2137</c>, <c>-2</c> →
/// <c>21.37</c>): no binary floating point between the store and the reader. Extreme exponents are written in
/// exponent form (<c>2137e-40</c>), which is still a JSON and CSV number.
/// </summary>
/// <param name="Mantissa">The integer mantissa.</param>
/// <param name="Exponent">The decimal exponent.</param>
[JsonConverter(typeof(ScaledValueJsonConverter))]
public readonly record struct ScaledValue(long Mantissa, int Exponent)
{
    private const int MaxPlainDigits = 30;

    /// <summary>The exact decimal text.</summary>
    /// <returns>The value, invariant culture, without trailing fraction zeros.</returns>
    public override string ToString()
    {
        if (Mantissa == 0)
        {
            return "0";
        }

        var negative = Mantissa < 0;
        var digits = negative ? ((ulong)(-(Mantissa + 1)) + 1).ToString(CultureInfo.InvariantCulture) : Mantissa.ToString(CultureInfo.InvariantCulture);
        if (Exponent > MaxPlainDigits || Exponent < -MaxPlainDigits)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Mantissa}e{Exponent}");
        }

        string text;
        if (Exponent >= 0)
        {
            text = digits + new string('0', Exponent);
        }
        else
        {
            var scale = -Exponent;
            var padded = digits.PadLeft(scale + 1, '0');
            var whole = padded[..^scale];
            var fraction = padded[^scale..].TrimEnd('0');
            text = fraction.Length == 0 ? whole : whole + "." + fraction;
        }

        return negative ? "-" + text : text;
    }
}
