using EdgeCompute.Coordinator.Api.Telemetry;
using EdgeCompute.Coordinator.Api.Telemetry.Senml;
using EdgeCompute.Coordinator.Storage.Telemetry;

namespace EdgeCompute.Coordinator.Tests.Api.Senml;

/// <summary>Stored telemetry rows as SenML packs: base fields used, every row read back with the same values.</summary>
public sealed class TelemetrySenmlTests
{
    private static readonly TelemetryPoint[] Points =
    [
        new("dev-01", "temp", "Cel", -2, 1_764_000_000_000, 60_000, 60, 2091, 2317, 2204, 4321),
        new("dev-01", "temp", "Cel", -2, 1_764_000_060_000, 60_000, 58, -130, 15, -7, 120),
        new("dev-01", "temp", "Cel", -2, 1_764_000_120_500, 30_000, 1, 2200, 2200, 2200, 0),
    ];

    [Fact]
    public void Uses_the_base_fields_for_the_source_the_first_time_and_the_unit()
    {
        var pack = TelemetrySenml.ToPack("dev-01", "temp", Points);

        Assert.Equal(6 * Points.Length, pack.Count);
        Assert.Equal("dev-01/", pack[0].BaseName);
        Assert.Equal(1764000000m, pack[0].BaseTime);
        Assert.Equal("Cel", pack[0].BaseUnit);
        Assert.All(pack.Skip(1), r => Assert.Null(r.BaseName));
        Assert.Equal(["temp/count", "temp/min", "temp/max", "temp/mean", "temp/var", "temp/length"], pack.Take(6).Select(r => r.Name));
        Assert.Equal(22.04m, pack[3].Value);
        Assert.Null(pack[3].Unit);                  // the base unit applies
        Assert.Equal("Cel^2", pack[4].Unit);        // not the base unit
        Assert.Equal(0.4321m, pack[4].Value);
        Assert.Equal(60m, pack[0].Time);            // the window's end, relative to bt
        Assert.Equal(150.5m, pack[12].Time);

        var resolved = SenmlResolver.Resolve(pack);
        Assert.Equal("dev-01/temp/mean", resolved[3].Name);
        Assert.Equal("Cel", resolved[3].Unit);
        Assert.Equal(1764000060m, resolved[3].Time);
    }

    [Fact]
    public void Round_trips_rows_through_senml_json_and_senml_cbor()
    {
        var pack = TelemetrySenml.ToPack("dev-01", "temp", Points);

        foreach (var bytes in new[] { SenmlJson.Write(pack), SenmlCbor.Write(pack) })
        {
            var decoded = bytes[0] == (byte)'[' ? SenmlJson.Read(bytes) : SenmlCbor.Read(bytes);
            var rows = TelemetrySenml.FromPack(decoded);

            Assert.Equal(Points.Length, rows.Count);
            for (var i = 0; i < Points.Length; i++)
            {
                AssertSameValues(Points[i], rows[i]);
            }
        }
    }

    [Fact]
    public void An_empty_page_is_an_empty_pack()
    {
        Assert.Empty(TelemetrySenml.ToPack("dev-01", "temp", []));
        Assert.Equal("[]", System.Text.Encoding.UTF8.GetString(SenmlJson.Write([])));
    }

    internal static void AssertSameValues(TelemetryPoint expected, TelemetryPoint actual)
    {
        Assert.Equal((expected.Source, expected.Channel, expected.Unit, expected.TimeMs, expected.LengthMs, expected.Count),
            (actual.Source, actual.Channel, actual.Unit, actual.TimeMs, actual.LengthMs, actual.Count));
        Assert.Equal(Value(expected.Min, expected.Exponent), Value(actual.Min, actual.Exponent));
        Assert.Equal(Value(expected.Max, expected.Exponent), Value(actual.Max, actual.Exponent));
        Assert.Equal(Value(expected.Mean, expected.Exponent), Value(actual.Mean, actual.Exponent));
        Assert.Equal(Value(expected.Variance, 2 * expected.Exponent), Value(actual.Variance, 2 * actual.Exponent));
    }

    private static decimal Value(long mantissa, int exponent) =>
        decimal.Parse(new ScaledValue(mantissa, exponent).ToString(), System.Globalization.CultureInfo.InvariantCulture);
}
