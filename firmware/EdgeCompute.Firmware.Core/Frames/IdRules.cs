namespace EdgeCompute.Firmware.Core.Frames;

/// <summary>The protocol's text rules: ids are <c>[a-z0-9-]{1,32}</c>, channels <c>[a-z0-9-]{1,16}</c>.</summary>
public static class IdRules
{
    /// <summary>Returns whether <paramref name="value"/> is a valid device, gateway, owner or task id.</summary>
    /// <param name="value">The candidate id.</param>
    /// <returns>True when it matches <c>[a-z0-9-]{1,32}</c>.</returns>
    public static bool IsValidId(string? value)
    {
        return IsIdLike(value, ProtocolLimits.MaxId);
    }

    /// <summary>Returns whether <paramref name="value"/> is a valid channel name.</summary>
    /// <param name="value">The candidate name.</param>
    /// <returns>True when it matches <c>[a-z0-9-]{1,16}</c>.</returns>
    public static bool IsValidChannel(string? value)
    {
        return IsIdLike(value, ProtocolLimits.MaxChannel);
    }

    /// <summary>Returns whether the bytes <c>data[offset .. offset + length)</c> form a valid id.</summary>
    /// <param name="data">The buffer.</param>
    /// <param name="offset">The first byte.</param>
    /// <param name="length">How many bytes.</param>
    /// <returns>True when they match <c>[a-z0-9-]{1,32}</c>.</returns>
    public static bool IsValidId(byte[] data, int offset, int length)
    {
        if (length < 1 || length > ProtocolLimits.MaxId)
        {
            return false;
        }

        for (var i = 0; i < length; i++)
        {
            if (!IsIdChar((char)data[offset + i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns whether <paramref name="value"/> is printable ASCII of at most <paramref name="maxLength"/> characters.</summary>
    /// <param name="value">The candidate text (may be empty).</param>
    /// <param name="maxLength">The longest length accepted.</param>
    /// <returns>True when every character is in U+0020..U+007E.</returns>
    public static bool IsPrintableAscii(string? value, int maxLength)
    {
        if (value == null || value.Length > maxLength)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] < ' ' || value[i] > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdLike(string? value, int maxLength)
    {
        if (value == null || value.Length < 1 || value.Length > maxLength)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (!IsIdChar(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdChar(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }
}
