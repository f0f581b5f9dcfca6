namespace EdgeCompute.Client.Telemetry;

/// <summary>The formats <c>GET /api/telemetry</c> answers besides JSON.</summary>
public enum TelemetryFormat
{
    /// <summary>RFC 4180 CSV (<c>text/csv</c>).</summary>
    Csv,

    /// <summary>SenML JSON (<c>application/senml+json</c>).</summary>
    SenmlJson,

    /// <summary>SenML CBOR (<c>application/senml+cbor</c>).</summary>
    SenmlCbor,
}
