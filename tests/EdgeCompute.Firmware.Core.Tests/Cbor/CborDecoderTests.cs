using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Core.Tests.Frames;

namespace EdgeCompute.Firmware.Core.Tests.Cbor;

public sealed class CborDecoderTests
{
    private static CborDecoder Over(string hex)
    {
        var data = Convert.FromHexString(hex);
        var decoder = new CborDecoder();
        decoder.Reset(data, 0, data.Length);
        return decoder;
    }

    [Theory]
    [InlineData("00", 0UL)]
    [InlineData("17", 23UL)]
    [InlineData("1818", 24UL)]
    [InlineData("1903e8", 1000UL)]
    [InlineData("1a000f4240", 1000000UL)]
    [InlineData("1bffffffffffffffff", ulong.MaxValue)]
    public void Reads_unsigned_integers(string hex, ulong expected)
    {
        var decoder = Over(hex);
        Assert.Equal(CborError.None, decoder.ReadUInt(out var value));
        Assert.Equal(expected, value);
        Assert.Equal(CborError.None, decoder.ReadEnd());
    }

    [Theory]
    [InlineData("20", -1L)]
    [InlineData("3903e7", -1000L)]
    [InlineData("3b7fffffffffffffff", long.MinValue)]
    [InlineData("1b7fffffffffffffff", long.MaxValue)]
    public void Reads_signed_integers(string hex, long expected)
    {
        var decoder = Over(hex);
        Assert.Equal(CborError.None, decoder.ReadInt(out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1800", CborError.NonMinimal)]
    [InlineData("190017", CborError.NonMinimal)]
    [InlineData("1900ff", CborError.NonMinimal)]
    [InlineData("1a0000ffff", CborError.NonMinimal)]
    [InlineData("1b00000000ffffffff", CborError.NonMinimal)]
    [InlineData("19", CborError.Truncated)]
    [InlineData("1a0000", CborError.Truncated)]
    [InlineData("", CborError.Truncated)]
    [InlineData("1c", CborError.Malformed)]
    [InlineData("1f", CborError.Malformed)]
    [InlineData("20", CborError.WrongType)]
    [InlineData("f5", CborError.WrongType)]
    public void Refuses_bad_unsigned_integers_without_moving(string hex, int error)
    {
        var decoder = Over(hex);
        Assert.Equal(error, decoder.ReadUInt(out _));
        Assert.Equal(0, decoder.Position);
    }

    [Fact]
    public void Refuses_integers_outside_long_and_uint32()
    {
        Assert.Equal(CborError.Overflow, Over("1b8000000000000000").ReadInt(out _));
        Assert.Equal(CborError.Overflow, Over("3b8000000000000000").ReadInt(out _));
        Assert.Equal(CborError.Overflow, Over("1b0000000100000000").ReadUInt32(out _));
        Assert.Equal(CborError.None, Over("1affffffff").ReadUInt32(out var max));
        Assert.Equal(uint.MaxValue, max);
    }

    [Theory]
    [InlineData("5f4101ff")]
    [InlineData("7f6161ff")]
    [InlineData("9f01ff")]
    [InlineData("bf0102ff")]
    [InlineData("ff")]
    public void Refuses_indefinite_lengths(string hex)
    {
        Assert.Equal(CborError.Indefinite, Over(hex).Skip());
    }

    [Fact]
    public void Reads_byte_strings_in_place_and_text_as_ascii()
    {
        var decoder = Over("43010203" + "6449455446" + "62c3a9");
        Assert.Equal(CborError.None, decoder.ReadBytes(out var offset, out var length));
        Assert.Equal((1, 3), (offset, length));
        Assert.Equal(CborError.None, decoder.ReadText(8, out var text));
        Assert.Equal("IETF", text);
        var before = decoder.Position;
        Assert.Equal(CborError.NonAscii, decoder.ReadText(8, out _));
        Assert.Equal(before, decoder.Position);
    }

    [Fact]
    public void Refuses_text_longer_than_the_limit_and_strings_past_the_end()
    {
        Assert.Equal(CborError.TooLong, Over("6449455446").ReadText(3, out _));
        Assert.Equal(CborError.Truncated, Over("4401").ReadBytes(out _, out _));
        Assert.Equal(CborError.Truncated, Over("5bffffffffffffffff00").ReadBytes(out _, out _));
    }

    [Fact]
    public void Refuses_container_counts_larger_than_the_remaining_bytes()
    {
        Assert.Equal(CborError.Truncated, Over("9bffffffffffffffff").ReadArrayHeader(out _));
        Assert.Equal(CborError.Truncated, Over("a20102").ReadMapHeader(out _));
        Assert.Equal(CborError.None, Over("a10102").ReadMapHeader(out var pairs));
        Assert.Equal(1, pairs);
    }

    [Fact]
    public void Reads_booleans_and_tags_and_refuses_other_simple_values()
    {
        var decoder = Over("f4f5c482");
        Assert.Equal(CborError.None, decoder.ReadBool(out var f));
        Assert.Equal(CborError.None, decoder.ReadBool(out var t));
        Assert.False(f);
        Assert.True(t);
        Assert.Equal(CborError.None, decoder.ReadTag(out var tag));
        Assert.Equal(4UL, tag);
        Assert.Equal(CborError.Malformed, Over("e0").Skip());
        Assert.Equal(CborError.Malformed, Over("f820").Skip());
        Assert.Equal(CborError.WrongType, Over("f6").ReadBool(out _));
    }

    [Fact]
    public void Skips_whole_items_including_floats_and_nested_containers()
    {
        var decoder = Over("a2616183010203" + "6162a1616301" + "fb3ff199999999999a" + "07");
        Assert.Equal(CborError.None, decoder.Skip());
        Assert.Equal(CborError.None, decoder.Skip());
        Assert.Equal(CborError.None, decoder.ReadUInt(out var last));
        Assert.Equal(7UL, last);
        Assert.True(decoder.IsAtEnd);
    }

    [Fact]
    public void Skip_refuses_nesting_past_the_depth_limit()
    {
        Assert.Equal(CborError.None, Over(string.Concat(Enumerable.Repeat("81", 8)) + "00").Skip());
        Assert.Equal(CborError.TooDeep, Over(string.Concat(Enumerable.Repeat("81", 9)) + "00").Skip());
        Assert.Equal(CborError.TooDeep, Over(string.Concat(Enumerable.Repeat("c4", 9)) + "00").Skip());
    }

    [Fact]
    public void Reports_trailing_bytes()
    {
        var decoder = Over("0000");
        Assert.Equal(CborError.None, decoder.ReadUInt(out _));
        Assert.Equal(CborError.TrailingBytes, decoder.ReadEnd());
    }

    [Fact]
    public void Round_trips_what_the_encoder_writes()
    {
        var buffer = new byte[256];
        var encoder = new CborEncoder(buffer);
        encoder.WriteArrayHeader(6);
        encoder.WriteInt(-123456789012);
        encoder.WriteUInt(ulong.MaxValue);
        encoder.WriteText("dev-0001");
        encoder.WriteBytes([9, 8, 7], 0, 3);
        encoder.WriteDecimalFraction(-2, 2291);
        encoder.WriteBool(true);

        var decoder = new CborDecoder();
        decoder.Reset(buffer, 0, encoder.Length);
        Assert.Equal(CborError.None, decoder.ReadArrayHeader(out var count));
        Assert.Equal(6, count);
        Assert.Equal(CborError.None, decoder.ReadInt(out var i));
        Assert.Equal(-123456789012, i);
        Assert.Equal(CborError.None, decoder.ReadUInt(out var u));
        Assert.Equal(ulong.MaxValue, u);
        Assert.Equal(CborError.None, decoder.ReadText(32, out var text));
        Assert.Equal("dev-0001", text);
        Assert.Equal(CborError.None, decoder.ReadBytes(out var bo, out var bl));
        Assert.Equal(new byte[] { 9, 8, 7 }, buffer.AsSpan(bo, bl).ToArray());
        Assert.Equal(CborError.None, decoder.ReadTag(out var tag));
        Assert.Equal(4UL, tag);
        Assert.Equal(CborError.None, decoder.ReadArrayHeader(out _));
        Assert.Equal(CborError.None, decoder.ReadInt(out var e));
        Assert.Equal(CborError.None, decoder.ReadInt(out var m));
        Assert.Equal((-2L, 2291L), (e, m));
        Assert.Equal(CborError.None, decoder.ReadBool(out var b));
        Assert.True(b);
        Assert.Equal(CborError.None, decoder.ReadEnd());
    }

    [Fact]
    public void Never_throws_or_hangs_on_100000_random_truncated_and_mutated_inputs()
    {
        var seed = Environment.TickCount;
        TestContext.Current.TestOutputHelper?.WriteLine("seed " + seed);
        var random = new Random(seed);
        var seeds = SeedInputs();
        var decoder = new CborDecoder();
        var reader = new TaskAssignmentReader();
        var assignment = new TaskAssignment();
        var outcomes = new int[CborError.TooLarge + 1];

        for (var n = 0; n < 100_000; n++)
        {
            byte[] input;
            var kind = n % 3;
            if (kind == 0)
            {
                input = new byte[random.Next(0, 48)];
                random.NextBytes(input);
            }
            else
            {
                var source = seeds[random.Next(seeds.Length)];
                input = kind == 1 ? source[..random.Next(0, source.Length + 1)] : (byte[])source.Clone();
                if (kind == 2)
                {
                    for (var flips = random.Next(1, 4); flips > 0 && input.Length > 0; flips--)
                    {
                        input[random.Next(input.Length)] = (byte)random.Next(256);
                    }
                }
            }

            decoder.Reset(input, 0, input.Length);
            var skip = decoder.Skip();
            Assert.InRange(skip, CborError.None, CborError.TooLarge);
            outcomes[skip]++;

            Walk(decoder, input);

            var read = reader.Read(input, 0, input.Length, assignment);
            Assert.InRange(read, CborError.None, CborError.TooLarge);
        }

        TestContext.Current.TestOutputHelper?.WriteLine("skip outcomes " + string.Join(",", outcomes));
        Assert.True(outcomes[CborError.None] > 1000);
        Assert.True(outcomes[CborError.Truncated] > 1000);
    }

    // Reads every item with the typed method its major type calls for, until an error or the end.
    private static void Walk(CborDecoder decoder, byte[] input)
    {
        decoder.Reset(input, 0, input.Length);
        var steps = 0;
        while (!decoder.IsAtEnd)
        {
            Assert.True(++steps <= input.Length, "walk did not advance");
            var before = decoder.Position;
            var error = decoder.PeekMajorType(out var major);
            if (error == CborError.None)
            {
                error = major switch
                {
                    CborMajorType.UnsignedInteger => decoder.ReadUInt(out _),
                    CborMajorType.NegativeInteger => decoder.ReadInt(out _),
                    CborMajorType.ByteString => decoder.ReadBytes(out _, out _),
                    CborMajorType.TextString => decoder.ReadText(64, out _),
                    CborMajorType.Array => decoder.ReadArrayHeader(out _),
                    CborMajorType.Map => decoder.ReadMapHeader(out _),
                    CborMajorType.Tag => decoder.ReadTag(out _),
                    _ => decoder.ReadBool(out _),
                };
            }

            Assert.InRange(error, CborError.None, CborError.TooLarge);
            if (error != CborError.None)
            {
                Assert.Equal(before, decoder.Position);
                return;
            }

            Assert.True(decoder.Position > before);
        }
    }

    private static byte[][] SeedInputs()
    {
        return
        [
            Convert.FromHexString(TaskAssignmentReaderTests.SpecExampleHex),
            Convert.FromHexString("a201020304"),
            Convert.FromHexString("83a3216964657630303031" + "2f0000"),
            Convert.FromHexString("c48221196ab3"),
            Convert.FromHexString("9f01ff"),
            Convert.FromHexString("5bffffffffffffffff00"),
            Convert.FromHexString("8181818181818181818100"),
            Convert.FromHexString("fb3ff199999999999a"),
        ];
    }
}
