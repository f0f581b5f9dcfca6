namespace EdgeCompute.Coordinator.Api.Auth;

/// <summary>The caller of a request.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="OwnerId">The owner when <see cref="ApiCallerKind.Owner"/>; null otherwise.</param>
public sealed record ApiCaller(ApiCallerKind Kind, string? OwnerId)
{
    /// <summary>Gets whether the token is someone's (an owner or the operator).</summary>
    public bool IsAuthenticated => Kind is ApiCallerKind.Owner or ApiCallerKind.Operator;

    /// <summary>Gets whether the caller is <paramref name="ownerId"/>.</summary>
    /// <param name="ownerId">The owner.</param>
    /// <returns>True for that owner's token.</returns>
    public bool Is(string ownerId) => Kind == ApiCallerKind.Owner && string.Equals(OwnerId, ownerId, StringComparison.Ordinal);
}
