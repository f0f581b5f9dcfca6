namespace EdgeCompute.Coordinator.Api.Telemetry.Senml;

/// <summary>The SenML media types (RFC 8428, section 12.3) and the <c>format</c> names the API and CLI accept for them.</summary>
public static class SenmlMediaTypes
{
    /// <summary>SenML in JSON.</summary>
    public const string Json = "application/senml+json";

    /// <summary>SenML in CBOR.</summary>
    public const string Cbor = "application/senml+cbor";

    /// <summary>The <c>format</c> value for <see cref="Json"/>.</summary>
    public const string JsonFormat = "senml-json";

    /// <summary>The <c>format</c> value for <see cref="Cbor"/>.</summary>
    public const string CborFormat = "senml-cbor";
}
