using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Api.Http;

/// <summary>
/// While the database is down (<see cref="StoreOutage"/>) a request answers 503 with the problem type
/// <see cref="ApiProblemTypes.StoreUnavailable"/> and <c>Retry-After</c>, instead of a generic 500; nothing else changes,
/// so the API answers normally again as soon as the database is back (the connection pool reconnects). The outage is logged
/// as one warning line per <see cref="LogEvery"/>, not one per request.
/// </summary>
/// <param name="logger">The log.</param>
/// <param name="time">The clock (log throttling).</param>
internal sealed class StoreOutageExceptionHandler(ILogger<StoreOutageExceptionHandler> logger, TimeProvider time) : IExceptionHandler
{
    /// <summary>The <c>Retry-After</c> seconds: about how long a PostgreSQL restart or fail-over takes.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The least time between two warnings about the outage.</summary>
    public static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(30);

    private long _lastLoggedTicks = long.MinValue;
    private long _answered;

    /// <inheritdoc/>
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!StoreOutage.Is(exception))
        {
            return false;
        }

        var answered = Interlocked.Increment(ref _answered);
        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastLoggedTicks);
        if (now - last >= LogEvery.Ticks && Interlocked.CompareExchange(ref _lastLoggedTicks, now, last) == last)
        {
            logger.LogWarning("The database is not reachable ({Reason}); {Answered} requests answered 503 so far", exception.GetBaseException().Message, answered);
        }

        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var problem = ApiProblems.Problem(
            StatusCodes.Status503ServiceUnavailable,
            ApiProblemTypes.StoreUnavailable,
            "Store unavailable",
            $"the coordinator's database cannot be reached right now; try again in {RetryAfterSeconds} s");
        await problem.ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}
