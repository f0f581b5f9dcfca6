using Microsoft.AspNetCore.Builder;

namespace EdgeCompute.Coordinator.Api;

/// <summary>The middleware the API needs, in order, between building the application and <see cref="CoordinatorApiEndpoints.MapCoordinatorApi"/>.</summary>
public static class CoordinatorApiApplicationExtensions
{
    /// <summary>
    /// Adds the exception handler (unexpected failures and database outages as problems) and the rate limiter (429 past
    /// <see cref="Limits.ApiLimitsOptions"/>).
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static IApplicationBuilder UseCoordinatorApi(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseRateLimiter();
        return app;
    }
}
