namespace EdgeCompute.Coordinator.Api.Auth;

/// <summary>Whose bearer token an endpoint needs (its OpenAPI security requirement and its 401/403 answers).</summary>
public enum ApiTokenScope
{
    /// <summary>Any owner's token (the token's owner acts, e.g. pays a job's fee).</summary>
    AnyOwner,

    /// <summary>The token of the owner named in the route (<c>{owner}</c>).</summary>
    RouteOwner,

    /// <summary>The operator token.</summary>
    Operator,

    /// <summary>The token of the owner who submitted the job in the route, or the operator token.</summary>
    SubmitterOrOperator,

    /// <summary>A blob read: the token of an owner holding the blob, the operator token, or a gateway's credentials while it holds an open assignment naming the blob.</summary>
    BlobReader,

    /// <summary>A blob upload: any owner's token, or a gateway's credentials for the output of a task whose open assignment it holds.</summary>
    BlobWriter,
}
