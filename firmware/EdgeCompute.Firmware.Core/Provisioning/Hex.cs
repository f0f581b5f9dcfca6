using System;

namespace EdgeCompute.Firmware.Core.Provisioning;

/// <summary>Lowercase hexadecimal text for keys and credentials (nanoFramework has no <c>Convert.ToHexString</c>).</summary>
public static class Hex
{
    private const string Digits = "0123456789abcdef";

    /// <summary>Encodes bytes as lowercase hex.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="offset">The first byte.</param>
    /// <param name="count">How many bytes.</param>
    /// <returns>2 × <paramref name="count"/> lowercase hex digits.</returns>
    public static string Encode(byte[] data, int offset, int count)
    {
        if (data == null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        if (offset < 0 || count < 0 || offset > data.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        var chars = new char[count * 2];
        for (var i = 0; i < count; i++)
        {
            var b = data[offset + i];
            chars[2 * i] = Digits[b >> 4];
            chars[(2 * i) + 1] = Digits[b & 0xf];
        }

        return new string(chars);
    }

    /// <summary>Decodes hex text (either case) into bytes.</summary>
    /// <param name="text">An even number of hex digits.</param>
    /// <param name="bytes">The decoded bytes, or null when the text is not valid hex.</param>
    /// <returns>Whether <paramref name="text"/> was valid hex.</returns>
    public static bool TryDecode(string text, out byte[]? bytes)
    {
        bytes = null;
        if (text == null || (text.Length % 2) != 0)
        {
            return false;
        }

        var result = new byte[text.Length / 2];
        for (var i = 0; i < result.Length; i++)
        {
            var high = DigitValue(text[2 * i]);
            var low = DigitValue(text[(2 * i) + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }

            result[i] = (byte)((high << 4) | low);
        }

        bytes = result;
        return true;
    }

    private static int DigitValue(char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }

        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }

        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }

        return -1;
    }
}
