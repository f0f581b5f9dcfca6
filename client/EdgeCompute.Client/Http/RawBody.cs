namespace EdgeCompute.Client.Http;

/// <summary>A request body that is not JSON (a blob's bytes): made afresh for each attempt.</summary>
/// <param name="Create">Makes the content.</param>
internal sealed record RawBody(Func<HttpContent> Create);
