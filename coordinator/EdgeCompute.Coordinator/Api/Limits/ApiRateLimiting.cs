using System.Globalization;
using System.Threading.RateLimiting;
using EdgeCompute.Coordinator.Api.Auth;
using EdgeCompute.Coordinator.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Coordinator.Api.Limits;

/// <summary>The API's rate limiter (ASP.NET's): a token bucket per known token and per remote address, 429 problems with <c>Retry-After</c>.</summary>
public static class ApiRateLimiting
{
    /// <summary>The policy every <c>/api</c> endpoint carries.</summary>
    public const string PolicyName = "edgecompute-api";

    /// <summary>The policy of the blob endpoints instead (their own, larger bucket per token: <see cref="ApiLimitsOptions.PerTokenBlobs"/>).</summary>
    public const string BlobPolicyName = "edgecompute-api-blobs";

    /// <summary>Registers the options (bound from <c>ApiLimitsOptions</c>, checked at start) and the limiter.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddCoordinatorApiLimits(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ApiLimitsOptions>().BindConfiguration(nameof(ApiLimitsOptions)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiLimitsOptions>, ApiLimitsOptionsValidator>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
            options.AddPolicy(PolicyName, Partition);
            options.AddPolicy(BlobPolicyName, BlobPartition);
        });
        return services;
    }

    /// <summary>The bucket a request counts against: its owner's (or the operator's) for a known token, a registered gateway's for its blob reads, else its remote address's.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The partition.</returns>
    public static RateLimitPartition<string> Partition(HttpContext context) => Partition(context, blobs: false);

    /// <summary>The bucket a blob request counts against: as <see cref="Partition(HttpContext)"/>, with the blob limit for known callers.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The partition.</returns>
    public static RateLimitPartition<string> BlobPartition(HttpContext context) => Partition(context, blobs: true);

    private static RateLimitPartition<string> Partition(HttpContext context, bool blobs)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limits = context.RequestServices.GetRequiredService<IOptionsMonitor<ApiLimitsOptions>>().CurrentValue;
        if (!limits.RateLimitsEnabled)
        {
            return RateLimitPartition.GetNoLimiter("off");
        }

        if (Blobs.GatewayCredentials.Of(context.Request) is { } gateway
            && context.RequestServices.GetRequiredService<CoordinatorApiServices>().Registry.CheckBrokerPassword(gateway.GatewayId, gateway.Password))
        {
            // A gateway fetching blobs has its own bucket, not its address's: many gateways may share one address (a NAT, or the demo's loopback).
            return Bucket((blobs ? "blobs:" : "") + "gateway:" + gateway.GatewayId, blobs ? limits.PerTokenBlobs : limits.PerToken);
        }

        var caller = context.RequestServices.GetRequiredService<ApiTokenAuthenticator>().Identify(context.Request);
        var perToken = blobs ? limits.PerTokenBlobs : limits.PerToken;
        var prefix = blobs ? "blobs:" : "";
        var (key, limit) = caller.Kind switch
        {
            ApiCallerKind.Owner => (prefix + "owner:" + caller.OwnerId, perToken),
            ApiCallerKind.Operator => (prefix + "operator", perToken),
            _ => ("address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), limits.PerAddress), // an unknown token escapes nothing, and shares its address's bucket
        };
        return Bucket(key, limit);
    }

    private static RateLimitPartition<string> Bucket(string key, ApiRateLimit limit)
    {
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = limit.Permits,
            ReplenishmentPeriod = limit.Period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        var http = rejected.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = ApiProblems.Problem(StatusCodes.Status429TooManyRequests, ApiProblemTypes.RateLimited, "Too many requests",
            $"this token or address sent more requests than its limit; try again in {seconds} s", ("retryAfter", seconds));
        await problem.ExecuteAsync(http).ConfigureAwait(false);
    }
}
