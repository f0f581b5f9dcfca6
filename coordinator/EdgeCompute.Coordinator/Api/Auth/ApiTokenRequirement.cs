namespace EdgeCompute.Coordinator.Api.Auth;

/// <summary>
/// Endpoint metadata: the endpoint needs a bearer token of <paramref name="Scope"/>. The handler still checks the token
/// (<see cref="ApiAccess"/>); this record tells the OpenAPI document which operations carry the bearer requirement.
/// </summary>
/// <param name="Scope">Whose token.</param>
public sealed record ApiTokenRequirement(ApiTokenScope Scope)
{
    /// <summary>Gets the sentence the OpenAPI document adds to the operation's description.</summary>
    public string Description => Scope switch
    {
        ApiTokenScope.AnyOwner => "Needs an owner's API token (Authorization: Bearer <token>); the token's owner acts.",
        ApiTokenScope.RouteOwner => "Needs the API token of the owner in the route (Authorization: Bearer <token>).",
        ApiTokenScope.BlobReader => "Needs the API token of an owner holding the blob or the operator token (Authorization: Bearer <token>), or a gateway's "
            + "Authorization: Gateway <gateway id>:<central-broker password> while it holds an open assignment naming the blob.",
        ApiTokenScope.BlobWriter => "Needs an owner's API token (Authorization: Bearer <token>); the token's owner holds the blob. A gateway uploads a task output "
            + "with Authorization: Gateway <gateway id>:<central-broker password> and ?task=<task id>&slot=<slot> of an open assignment it holds.",
        ApiTokenScope.SubmitterOrOperator => "Needs the API token of the owner who submitted the job, or the operator token (Authorization: Bearer <token>).",
        _ => "Needs the operator token (Authorization: Bearer <token>).",
    };
}
