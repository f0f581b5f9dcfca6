using System.Text;
using EdgeCompute.Coordinator.Api.Telemetry.Senml;

namespace EdgeCompute.Coordinator.Tests.Api.Senml;

/// <summary>The SenML codecs against RFC 8428's own examples, and round trips through JSON and CBOR.</summary>
public sealed class SenmlCodecTests
{
    [Fact]
    public void Reads_the_rfc_single_and_multiple_datapoint_examples_and_writes_them_back_byte_for_byte()
    {
        foreach (var example in new[] { Rfc8428Examples.SingleDatapoint, Rfc8428Examples.MultipleDatapoints })
        {
            var pack = SenmlJson.Read(example);

            Assert.Equal(Compact(example), Encoding.UTF8.GetString(SenmlJson.Write(pack)));
        }

        var resolved = SenmlResolver.Resolve(SenmlJson.Read(Rfc8428Examples.MultipleDatapoints));
        Assert.Equal(["urn:dev:ow:10e2073a01080063:voltage", "urn:dev:ow:10e2073a01080063:current"], resolved.Select(r => r.Name));
        Assert.Equal([120.1m, 1.2m], resolved.Select(r => r.Value!.Value));
        Assert.Equal(["V", "A"], resolved.Select(r => r.Unit));
    }

    [Fact]
    public void Resolves_the_rfc_multiple_measurements_example_to_the_times_it_describes()
    {
        var resolved = SenmlResolver.Resolve(SenmlJson.Read(Rfc8428Examples.MultipleMeasurements));

        // "current at Tue Jun 8 18:01:16.001 UTC 2010 and at each second for the previous 5 seconds"
        Assert.Equal(7, resolved.Count);
        Assert.Equal(1276020076.001m, resolved[0].Time);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => 1276020071.001m + i), resolved.Skip(1).Select(r => r.Time!.Value));
        Assert.Equal("V", resolved[0].Unit);
        Assert.All(resolved.Skip(1), r => Assert.Equal("A", r.Unit)); // the base unit
        Assert.Equal([1.2m, 1.3m, 1.4m, 1.5m, 1.6m, 1.7m], resolved.Skip(1).Select(r => r.Value!.Value));
        Assert.Equal(DateTimeOffset.Parse("2010-06-08T18:01:16.001Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.FromUnixTimeMilliseconds((long)(resolved[0].Time!.Value * 1000)));
    }

    [Fact]
    public void Resolves_the_rfc_position_example_exactly_as_the_rfc_prints_its_resolved_form()
    {
        var resolved = SenmlResolver.Resolve(SenmlJson.Read(Rfc8428Examples.MultipleDataTypesWithPosition));
        var printed = SenmlJson.Read(Rfc8428Examples.MultipleDataTypesWithPositionResolved);

        Assert.Equal(printed.Count, resolved.Count);
        for (var i = 0; i < printed.Count; i++)
        {
            Assert.Equal(printed[i].Name, resolved[i].Name);
            Assert.Equal(printed[i].Unit, resolved[i].Unit);
            Assert.Equal(printed[i].Time, resolved[i].Time);
            Assert.Equal(printed[i].Value, resolved[i].Value);
        }
    }

    [Fact]
    public void Reads_the_rfc_data_types_and_collection_examples()
    {
        var types = SenmlResolver.Resolve(SenmlJson.Read(Rfc8428Examples.MultipleDataTypes));
        Assert.Equal(23.1m, types[0].Value);
        Assert.Equal("Machine Room", types[1].StringValue);
        Assert.False(types[2].BoolValue);
        Assert.Equal("hi \n", Encoding.ASCII.GetString(types[3].DataValue!)); // "aGkgCg" is base64url for "hi \n"

        var collection = SenmlResolver.Resolve(SenmlJson.Read(Rfc8428Examples.CollectionOfResources));
        // "the last record would use the Base Name from the 3rd record but the Base Time from the first record"
        Assert.Equal("2001:db8::1/humidity", collection[3].Name);
        Assert.Equal(1320078429m, collection[3].Time);
    }

    [Fact]
    public void Decodes_the_rfc_cbor_example_and_encodes_the_same_pack_to_the_same_bytes()
    {
        var bytes = Convert.FromHexString(Rfc8428Examples.CborHex);

        var pack = SenmlCbor.Read(bytes);

        Assert.Equal(2, pack.Count);
        Assert.Equal("urn:dev:ow:10e2073a0108006:", pack[0].BaseName);
        Assert.Equal(("voltage", "V", 120.1m), (pack[0].Name, pack[0].Unit, pack[0].Value!.Value));
        Assert.Equal(("current", "A", 1.2m), (pack[1].Name, pack[1].Unit, pack[1].Value!.Value));
        Assert.Equal(Rfc8428Examples.CborHex, Convert.ToHexStringLower(SenmlCbor.Write(pack, doubles: true)));
    }

    [Fact]
    public void Round_trips_every_field_through_json_and_cbor_exactly()
    {
        SenmlRecord[] pack =
        [
            new() { BaseName = "dev-01/", BaseTime = 1764000000.123m, BaseUnit = "Cel", BaseValue = 0.5m, BaseSum = 1m, BaseVersion = 10, Name = "temp/mean", Value = 21.37m, Time = 60 },
            new() { Name = "label", StringValue = "roof", UpdateTime = 120 },
            new() { Name = "open", BoolValue = true, Time = -1.5m },
            new() { Name = "blob", DataValue = [0, 1, 2, 250] },
            new() { Name = "energy", Unit = "J", Sum = 12345.678m, Value = -0.0009m },
        ];

        foreach (var decoded in new[] { SenmlJson.Read(SenmlJson.Write(pack)), SenmlCbor.Read(SenmlCbor.Write(pack)) })
        {
            Assert.Equal(pack.Length, decoded.Count);
            for (var i = 0; i < pack.Length; i++)
            {
                Assert.Equal(pack[i] with { DataValue = null }, decoded[i] with { DataValue = null });
                Assert.Equal(pack[i].DataValue, decoded[i].DataValue);
            }
        }
    }

    [Fact]
    public void Refuses_a_must_understand_label_it_does_not_know_and_ignores_other_extensions()
    {
        Assert.Throws<FormatException>(() => SenmlJson.Read("""[{"n":"x","v":1,"foo_":2}]"""));
        Assert.Equal("x", Assert.Single(SenmlJson.Read("""[{"n":"x","v":1,"foo":2}]""")).Name);
        Assert.Throws<FormatException>(() => SenmlJson.Read("""{"n":"x"}"""));
        Assert.Throws<FormatException>(() => SenmlCbor.Read(new byte[] { 0xA1, 0x00, 0x61, 0x78 }));
    }

    private static string Compact(string json) =>
        string.Concat(json.Split('\n').Select(line => line.Trim()));
}
