namespace EdgeCompute.Coordinator.Api.Telemetry.Senml;

/// <summary>
/// One SenML record (RFC 8428, section 4) as written or read: base fields (<c>bn</c>, <c>bt</c>, <c>bu</c>, <c>bv</c>,
/// <c>bs</c>, <c>bver</c>) and regular fields (<c>n</c>, <c>u</c>, <c>v</c>, <c>vs</c>, <c>vb</c>, <c>vd</c>, <c>s</c>,
/// <c>t</c>, <c>ut</c>). Numbers are decimals so that exact values survive a round trip; times are SenML times
/// (seconds).
/// </summary>
public sealed record SenmlRecord
{
    /// <summary>Gets the base name (<c>bn</c>).</summary>
    public string? BaseName { get; init; }

    /// <summary>Gets the base time (<c>bt</c>), seconds.</summary>
    public decimal? BaseTime { get; init; }

    /// <summary>Gets the base unit (<c>bu</c>).</summary>
    public string? BaseUnit { get; init; }

    /// <summary>Gets the base value (<c>bv</c>).</summary>
    public decimal? BaseValue { get; init; }

    /// <summary>Gets the base sum (<c>bs</c>).</summary>
    public decimal? BaseSum { get; init; }

    /// <summary>Gets the base version (<c>bver</c>).</summary>
    public long? BaseVersion { get; init; }

    /// <summary>Gets the name (<c>n</c>).</summary>
    public string? Name { get; init; }

    /// <summary>Gets the unit (<c>u</c>).</summary>
    public string? Unit { get; init; }

    /// <summary>Gets the numeric value (<c>v</c>).</summary>
    public decimal? Value { get; init; }

    /// <summary>Gets the string value (<c>vs</c>).</summary>
    public string? StringValue { get; init; }

    /// <summary>Gets the boolean value (<c>vb</c>).</summary>
    public bool? BoolValue { get; init; }

    /// <summary>Gets the data value (<c>vd</c>): base64url text in JSON, a byte string in CBOR; kept as bytes.</summary>
    public byte[]? DataValue { get; init; }

    /// <summary>Gets the sum (<c>s</c>).</summary>
    public decimal? Sum { get; init; }

    /// <summary>Gets the time (<c>t</c>), seconds.</summary>
    public decimal? Time { get; init; }

    /// <summary>Gets the update time (<c>ut</c>), seconds.</summary>
    public decimal? UpdateTime { get; init; }
}
