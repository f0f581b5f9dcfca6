namespace EdgeCompute.Coordinator.Api.Telemetry;

/// <summary>The representations <c>GET /api/telemetry</c> answers in.</summary>
public enum TelemetryFormat
{
    /// <summary>The API's own JSON page (<c>application/json</c>).</summary>
    Json,

    /// <summary>RFC 4180 CSV (<c>text/csv</c>).</summary>
    Csv,

    /// <summary>SenML JSON (<c>application/senml+json</c>, RFC 8428).</summary>
    SenmlJson,

    /// <summary>SenML CBOR (<c>application/senml+cbor</c>, RFC 8428).</summary>
    SenmlCbor,
}
