using System;

namespace EdgeCompute.Firmware.Core.Frames;

/// <summary>One sensor channel as the device reports it: name, SenML unit and decimal exponent of its values.</summary>
public sealed class ChannelDescription
{
    /// <summary>Lowest exponent accepted (the variance uses twice the exponent).</summary>
    public const int MinExponent = -18;

    /// <summary>Highest exponent accepted.</summary>
    public const int MaxExponent = 18;

    /// <summary>Describes a channel; checks the protocol's rules.</summary>
    /// <param name="name">The channel name, <c>[a-z0-9-]{1,16}</c>.</param>
    /// <param name="unit">The SenML unit (e.g. <c>Cel</c>), printable ASCII up to 64 characters; may be empty.</param>
    /// <param name="exponent">Values are mantissa × 10^exponent; -18 to 18.</param>
    public ChannelDescription(string name, string unit, int exponent)
    {
        if (!IdRules.IsValidChannel(name))
        {
            throw new ArgumentException("channel name must match [a-z0-9-]{1,16}", nameof(name));
        }

        if (!IdRules.IsPrintableAscii(unit, ProtocolLimits.MaxText))
        {
            throw new ArgumentException("unit must be printable ASCII, at most 64 chars", nameof(unit));
        }

        if (exponent < MinExponent || exponent > MaxExponent)
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), "exponent must be -18..18");
        }

        Name = name;
        Unit = unit;
        Exponent = exponent;
    }

    /// <summary>Gets the channel name.</summary>
    public string Name { get; }

    /// <summary>Gets the SenML unit, possibly empty.</summary>
    public string Unit { get; }

    /// <summary>Gets the decimal exponent of the channel's values.</summary>
    public int Exponent { get; }
}
