namespace EdgeCompute.Coordinator.Api.Docs;

/// <summary>
/// Endpoint metadata: besides its typed JSON answer, the endpoint may answer <paramref name="StatusCode"/> in
/// <paramref name="MediaTypes"/> (CSV, SenML, PNG), documented as text or binary by <see cref="AlternateContentTransformer"/>.
/// </summary>
/// <param name="StatusCode">The status.</param>
/// <param name="MediaTypes">The other media types.</param>
public sealed record AlternateContent(int StatusCode, IReadOnlyList<string> MediaTypes);
