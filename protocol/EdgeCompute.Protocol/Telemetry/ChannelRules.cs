using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;

namespace EdgeCompute.Protocol.Telemetry;

/// <summary>Rules shared by window-summary and raw-sample channels.</summary>
internal static class ChannelRules
{
    public const string NameRule = "[a-z0-9-]{1,16}";

    public static bool IsValidName(string name) => ProtocolId.IsValid(name, ChannelSummary.MaxChannelLength);

    public static bool IsValidUnit(string unit) => System.Text.Encoding.UTF8.GetByteCount(unit) <= ProtocolLimits.MaxTextBytes;

    /// <summary>Checks a summary's values; returns a problem or null.</summary>
    public static string? Check(ChannelSummary channel)
    {
        if (!IsValidName(channel.Channel))
        {
            return $"channel \"{channel.Channel}\" does not match {NameRule}";
        }

        if (channel.Unit is null || !IsValidUnit(channel.Unit))
        {
            return $"channel {channel.Channel}: unit must be at most {ProtocolLimits.MaxTextBytes} bytes";
        }

        if (channel.Count < 1)
        {
            return $"channel {channel.Channel}: count {channel.Count} must be at least 1";
        }

        if (channel.Min > channel.Max || channel.Mean < channel.Min || channel.Mean > channel.Max)
        {
            return $"channel {channel.Channel}: needs min ≤ mean ≤ max, found {channel.Min}, {channel.Mean}, {channel.Max}";
        }

        return channel.Variance >= 0 ? null : $"channel {channel.Channel}: variance {channel.Variance} is negative";
    }
}
