namespace EdgeCompute.Coordinator.Api.Auth;

/// <summary>Who a request's bearer token says is calling.</summary>
public enum ApiCallerKind
{
    /// <summary>No <c>Authorization</c> header.</summary>
    Anonymous = 0,

    /// <summary>A header that is not <c>Bearer &lt;token&gt;</c>, or a token that is nobody's.</summary>
    Unrecognised,

    /// <summary>An owner's API token (from the registry).</summary>
    Owner,

    /// <summary>The configured operator token.</summary>
    Operator,
}
