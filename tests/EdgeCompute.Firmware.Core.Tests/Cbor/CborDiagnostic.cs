using System.Globalization;
using System.Text;

namespace EdgeCompute.Firmware.Core.Tests.Cbor;

/// <summary>
/// An independent, test-only CBOR-to-diagnostic-notation printer (RFC 8949 section 8), so tests can compare
/// encoder output with the spec's examples without trusting the decoder under test.
/// </summary>
internal static class CborDiagnostic
{
    public static string Of(byte[] data) => Of(data, 0, data.Length);

    public static string Of(byte[] data, int offset, int count)
    {
        var position = offset;
        var text = new StringBuilder();
        Item(data, ref position, text);
        Assert.Equal(offset + count, position);
        return text.ToString();
    }

    private static void Item(byte[] d, ref int p, StringBuilder s)
    {
        var initial = d[p++];
        var major = initial >> 5;
        var info = initial & 0x1f;
        var arg = (ulong)info;
        if (info >= 24 && info <= 27)
        {
            var n = 1 << (info - 24);
            arg = 0;
            for (var i = 0; i < n; i++)
            {
                arg = (arg << 8) | d[p++];
            }
        }
        else if (info > 27)
        {
            throw new InvalidDataException("unsupported additional info " + info);
        }

        switch (major)
        {
            case 0:
                s.Append(arg.ToString(CultureInfo.InvariantCulture));
                break;
            case 1:
                s.Append('-').Append((arg + 1).ToString(CultureInfo.InvariantCulture));
                break;
            case 2:
                s.Append("h'");
                for (var i = 0; i < (int)arg; i++)
                {
                    s.Append(d[p + i].ToString("x2", CultureInfo.InvariantCulture));
                }

                s.Append('\'');
                p += (int)arg;
                break;
            case 3:
                s.Append('"').Append(Encoding.ASCII.GetString(d, p, (int)arg)).Append('"');
                p += (int)arg;
                break;
            case 4:
                s.Append('[');
                for (var i = 0; i < (int)arg; i++)
                {
                    if (i > 0)
                    {
                        s.Append(", ");
                    }

                    Item(d, ref p, s);
                }

                s.Append(']');
                break;
            case 5:
                s.Append('{');
                for (var i = 0; i < (int)arg; i++)
                {
                    if (i > 0)
                    {
                        s.Append(", ");
                    }

                    Item(d, ref p, s);
                    s.Append(": ");
                    Item(d, ref p, s);
                }

                s.Append('}');
                break;
            case 6:
                s.Append(arg.ToString(CultureInfo.InvariantCulture)).Append('(');
                Item(d, ref p, s);
                s.Append(')');
                break;
            default:
                s.Append(info switch { 20 => "false", 21 => "true", 22 => "null", _ => "simple(" + info + ")" });
                break;
        }
    }
}
