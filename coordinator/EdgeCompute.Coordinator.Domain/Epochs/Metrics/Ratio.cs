namespace EdgeCompute.Coordinator.Domain.Epochs.Metrics;

/// <summary>An exact non-negative fraction in lowest terms; converted to <see cref="double"/> only for display.</summary>
public readonly record struct Ratio
{
    /// <summary>Creates <c>numerator/denominator</c> reduced to lowest terms.</summary>
    /// <param name="numerator">Not negative.</param>
    /// <param name="denominator">Positive.</param>
    public Ratio(Int128 numerator, Int128 denominator)
    {
        if (numerator < 0 || denominator <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), $"a ratio needs numerator >= 0 and denominator > 0, got {numerator}/{denominator}");
        }

        var gcd = Gcd(numerator, denominator);
        Numerator = numerator / gcd;
        Denominator = denominator / gcd;
    }

    /// <summary>Zero.</summary>
    public static Ratio Zero => new(0, 1);

    /// <summary>The numerator.</summary>
    public Int128 Numerator { get; }

    /// <summary>The denominator; positive for every constructed ratio (use <see cref="Zero"/> rather than <c>default</c>).</summary>
    public Int128 Denominator { get; }

    /// <summary>The nearest <see cref="double"/>.</summary>
    /// <returns>The value.</returns>
    public double ToDouble() => Denominator == 0 ? 0 : (double)Numerator / (double)Denominator;

    /// <inheritdoc />
    public override string ToString() => $"{Numerator}/{Denominator}";

    private static Int128 Gcd(Int128 a, Int128 b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a == 0 ? 1 : a;
    }
}
