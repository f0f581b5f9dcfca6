using EdgeCompute.Firmware.Core.Cbor;

namespace EdgeCompute.Firmware.Core.Tests.Cbor;

public sealed class CborEncoderTests
{
    private static string Hex(CborEncoder encoder) =>
        Convert.ToHexString(encoder.Buffer, encoder.Offset, encoder.Length).ToLowerInvariant();

    private static string Encode(Action<CborEncoder> write)
    {
        var encoder = new CborEncoder(new byte[64]);
        write(encoder);
        Assert.False(encoder.HasOverflowed);
        return Hex(encoder);
    }

    // RFC 8949 Appendix A.
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(10UL, "0a")]
    [InlineData(23UL, "17")]
    [InlineData(24UL, "1818")]
    [InlineData(25UL, "1819")]
    [InlineData(100UL, "1864")]
    [InlineData(1000UL, "1903e8")]
    [InlineData(1000000UL, "1a000f4240")]
    [InlineData(1000000000000UL, "1b000000e8d4a51000")]
    [InlineData(18446744073709551615UL, "1bffffffffffffffff")]
    [InlineData(255UL, "18ff")]
    [InlineData(256UL, "190100")]
    [InlineData(65535UL, "19ffff")]
    [InlineData(65536UL, "1a00010000")]
    [InlineData(4294967295UL, "1affffffff")]
    [InlineData(4294967296UL, "1b0000000100000000")]
    public void Writes_unsigned_integers_in_shortest_form(ulong value, string expected)
    {
        Assert.Equal(expected, Encode(e => e.WriteUInt(value)));
    }

    [Theory]
    [InlineData(-1L, "20")]
    [InlineData(-10L, "29")]
    [InlineData(-24L, "37")]
    [InlineData(-25L, "3818")]
    [InlineData(-100L, "3863")]
    [InlineData(-1000L, "3903e7")]
    [InlineData(long.MinValue, "3b7fffffffffffffff")]
    [InlineData(long.MaxValue, "1b7fffffffffffffff")]
    [InlineData(0L, "00")]
    public void Writes_signed_integers_in_shortest_form(long value, string expected)
    {
        Assert.Equal(expected, Encode(e => e.WriteInt(value)));
    }

    [Fact]
    public void Writes_simple_values_strings_and_containers_like_rfc_8949_appendix_a()
    {
        Assert.Equal("f4", Encode(e => e.WriteBool(false)));
        Assert.Equal("f5", Encode(e => e.WriteBool(true)));
        Assert.Equal("f6", Encode(e => e.WriteNull()));
        Assert.Equal("40", Encode(e => e.WriteBytes([], 0, 0)));
        Assert.Equal("4401020304", Encode(e => e.WriteBytes([0, 1, 2, 3, 4, 5], 1, 4)));
        Assert.Equal("60", Encode(e => e.WriteText(string.Empty)));
        Assert.Equal("6161", Encode(e => e.WriteText("a")));
        Assert.Equal("6449455446", Encode(e => e.WriteText("IETF")));
        Assert.Equal("62225c", Encode(e => e.WriteText("\"\\")));
        Assert.Equal("80", Encode(e => e.WriteArrayHeader(0)));
        Assert.Equal("83010203", Encode(e =>
        {
            e.WriteArrayHeader(3);
            e.WriteUInt(1);
            e.WriteUInt(2);
            e.WriteUInt(3);
        }));
        Assert.Equal("a0", Encode(e => e.WriteMapHeader(0)));
        Assert.Equal("a201020304", Encode(e =>
        {
            e.WriteMapHeader(2);
            e.WriteUInt(1);
            e.WriteUInt(2);
            e.WriteUInt(3);
            e.WriteUInt(4);
        }));
        Assert.Equal("c11a514b67b0", Encode(e =>
        {
            e.WriteTag(1);
            e.WriteUInt(1363896240);
        }));
        Assert.Equal("d82076687474703a2f2f7777772e6578616d706c652e636f6d", Encode(e =>
        {
            e.WriteTag(32);
            e.WriteText("http://www.example.com");
        }));
    }

    [Fact]
    public void Writes_long_heads_for_long_strings_and_arrays()
    {
        var encoder = new CborEncoder(new byte[400]);
        encoder.WriteText(new string('x', 24));
        Assert.Equal("7818", Hex(encoder)[..4]);
        encoder.Reset();
        encoder.WriteBytes(new byte[300], 0, 300);
        Assert.Equal("59012c", Hex(encoder)[..6]);
        Assert.Equal(303, encoder.Length);
        encoder.Reset();
        encoder.WriteArrayHeader(25);
        Assert.Equal("9819", Hex(encoder));
    }

    [Fact]
    public void Writes_decimal_fraction_as_tag_4_array_of_exponent_and_mantissa()
    {
        // RFC 8949 section 3.4.4: 273.15 = 4([-2, 27315]) = c4 82 21 19 6ab3
        Assert.Equal("c48221196ab3", Encode(e => e.WriteDecimalFraction(-2, 27315)));
        Assert.Equal("4([-3, 1764000000500])", CborDiagnostic.Of(Convert.FromHexString(Encode(e => e.WriteDecimalFraction(-3, 1764000000500)))));
    }

    [Fact]
    public void Overflow_sets_the_flag_writes_nothing_past_capacity_and_ignores_later_writes()
    {
        var buffer = new byte[8];
        Array.Fill(buffer, (byte)0xee);
        var encoder = new CborEncoder(buffer, 2, 4);
        encoder.WriteUInt(1000);
        Assert.Equal(3, encoder.Length);
        encoder.WriteUInt(1000);
        Assert.True(encoder.HasOverflowed);
        Assert.Equal(3, encoder.Length);
        encoder.WriteUInt(1);
        Assert.Equal(3, encoder.Length);
        Assert.Equal("eeee1903e8eeeeee", Convert.ToHexString(buffer).ToLowerInvariant());

        encoder.Reset();
        Assert.False(encoder.HasOverflowed);
        encoder.WriteBytes(new byte[4], 0, 4);
        Assert.True(encoder.HasOverflowed);
        Assert.Equal(0, encoder.Length);
        Assert.Equal((byte)0xee, buffer[6]);
    }

    [Fact]
    public void Rejects_non_ascii_text()
    {
        var encoder = new CborEncoder(new byte[16]);
        Assert.Throws<ArgumentException>(() => encoder.WriteText("é"));
        Assert.Equal(0, encoder.Length);
    }

    [Fact]
    public void Reports_head_lengths()
    {
        Assert.Equal(1, CborEncoder.HeadLength(23));
        Assert.Equal(2, CborEncoder.HeadLength(24));
        Assert.Equal(3, CborEncoder.HeadLength(256));
        Assert.Equal(5, CborEncoder.HeadLength(65536));
        Assert.Equal(9, CborEncoder.HeadLength(1UL << 32));
        Assert.Equal(1, CborEncoder.IntLength(-24));
        Assert.Equal(2, CborEncoder.IntLength(-25));
    }
}
