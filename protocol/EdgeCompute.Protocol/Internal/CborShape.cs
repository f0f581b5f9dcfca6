using EdgeCompute.Protocol.Decoding;

namespace EdgeCompute.Protocol.Internal;

/// <summary>
/// A fast structural pre-check of untrusted CBOR: exactly one well-formed top-level item, definite
/// lengths only, nesting within the depth limit. Running it before <c>CborReader</c> gives precise
/// error codes (truncated, indefinite, too deep, trailing bytes) without exceptions.
/// </summary>
internal static class CborShape
{
    /// <summary>Checks <paramref name="data"/>; returns null when the shape is acceptable.</summary>
    public static DecodeError? Check(ReadOnlySpan<byte> data, int maxDepth)
    {
        // pending[d] = items still expected at depth d (depth 0 = the single top-level item).
        Span<ulong> pending = stackalloc ulong[maxDepth + 2];
        var depth = 0;
        pending[0] = 1;
        var pos = 0;
        while (true)
        {
            while (depth > 0 && pending[depth] == 0)
            {
                depth--;
            }

            if (pending[depth] == 0)
            {
                break;
            }

            pending[depth]--;
            if (pos >= data.Length)
            {
                return new(DecodeErrorCode.Truncated, $"input ends at byte {pos} inside a CBOR item");
            }

            var initial = data[pos++];
            var major = initial >> 5;
            var info = initial & 0x1f;
            ulong argument;
            if (info < 24)
            {
                argument = (ulong)info;
            }
            else if (info <= 27)
            {
                var size = 1 << (info - 24);
                if (data.Length - pos < size)
                {
                    return new(DecodeErrorCode.Truncated, $"input ends at byte {data.Length} inside a CBOR header");
                }

                argument = 0;
                for (var i = 0; i < size; i++)
                {
                    argument = (argument << 8) | data[pos++];
                }
            }
            else if (info == 31 && major is 2 or 3 or 4 or 5)
            {
                return new(DecodeErrorCode.Indefinite, $"indefinite-length item at byte {pos - 1}; only definite lengths are allowed");
            }
            else
            {
                return new(DecodeErrorCode.Malformed, $"byte {pos - 1} (0x{initial:x2}) is not a valid CBOR initial byte");
            }

            switch (major)
            {
                case 2 or 3:
                    if ((ulong)(data.Length - pos) < argument)
                    {
                        return new(DecodeErrorCode.Truncated, $"a string of {argument} bytes at byte {pos} runs past the end of the input");
                    }

                    pos += (int)argument;
                    break;
                case 4 or 5 or 6:
                    var items = major == 6 ? 1 : major == 5 ? argument * 2 : argument;
                    if (major == 5 && argument > ulong.MaxValue / 2)
                    {
                        items = ulong.MaxValue;
                    }

                    if (items > (ulong)(data.Length - pos))
                    {
                        return new(DecodeErrorCode.Truncated, $"a container of {argument} entries at byte {pos} cannot fit in the input");
                    }

                    if (depth + 1 > maxDepth)
                    {
                        return new(DecodeErrorCode.TooDeep, $"CBOR nesting deeper than {maxDepth} at byte {pos}");
                    }

                    depth++;
                    pending[depth] = items;
                    break;
                case 7 when info == 24 && argument < 32:
                    return new(DecodeErrorCode.Malformed, $"simple value {argument} at byte {pos - 2} uses the two-byte form");
                default:
                    break;
            }
        }

        return pos == data.Length
            ? null
            : new(DecodeErrorCode.TrailingBytes, $"{data.Length - pos} bytes follow the top-level item");
    }
}
