namespace EdgeCompute.Gateway.Bridges;

/// <summary>Turns the protocol's integer mantissas into the decimal values other systems expect.</summary>
public static class BridgeValues
{
    /// <summary>mantissa × 10^exponent, exactly (a decimal).</summary>
    /// <param name="mantissa">The mantissa.</param>
    /// <param name="exponent">The decimal exponent.</param>
    /// <returns>The value.</returns>
    public static decimal Scale(long mantissa, int exponent)
    {
        decimal value = mantissa;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            value = exponent < 0 ? value / 10 : value * 10;
        }

        return value;
    }
}
