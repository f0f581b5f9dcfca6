using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Epochs;

/// <summary><c>GET /api/epochs/policy</c> (public): the reward policy in force — genesis, epoch length, emission and the owner share cap.</summary>
public static class EpochPolicyEndpoints
{
    /// <summary>Maps the endpoint (a literal segment wins over <c>/epochs/{id}</c>).</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapEpochPolicyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/epochs/policy", Show).WithName("ShowEpochPolicy");
        return endpoints;
    }

    /// <summary>Shows the policy.</summary>
    /// <param name="api">The API services.</param>
    /// <returns>200 with the policy.</returns>
    public static Ok<EpochPolicyView> Show(CoordinatorApiServices api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var policy = api.Epochs.Policy;
        return TypedResults.Ok(new EpochPolicyView(policy.Genesis, policy.EpochLength.TotalSeconds, policy.EmissionPerEpoch, policy.OwnerShareCapBasisPoints));
    }
}
