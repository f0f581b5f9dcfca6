namespace EdgeCompute.Client.Session;

/// <summary>Who a token belongs to (<c>GET /api/session</c>).</summary>
/// <param name="Kind"><c>anonymous</c> (no token), <c>owner</c>, <c>operator</c> or <c>unrecognised</c>.</param>
/// <param name="Owner">The owner's id for an owner's token, else null.</param>
public sealed record SessionView(string Kind, string? Owner);
