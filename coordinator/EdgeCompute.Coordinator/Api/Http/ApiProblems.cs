using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeCompute.Coordinator.Api.Http;

/// <summary>The API's expected failures as RFC 7807 problem details.</summary>
public static class ApiProblems
{
    /// <summary>400: a parameter or body field is missing or malformed.</summary>
    /// <param name="field">The offending parameter or field (e.g. <c>from</c>, <c>spec.to</c>).</param>
    /// <param name="detail">What is wrong and what is expected.</param>
    /// <returns>The problem.</returns>
    public static ProblemHttpResult BadRequest(string field, string detail) =>
        Problem(StatusCodes.Status400BadRequest, ApiProblemTypes.InvalidRequest, "Invalid request", detail, ("field", field));

    /// <summary>413: the body is too large.</summary>
    /// <param name="maxBytes">The limit.</param>
    /// <returns>The problem.</returns>
    public static ProblemHttpResult TooLarge(long maxBytes) =>
        Problem(StatusCodes.Status413PayloadTooLarge, ApiProblemTypes.BodyTooLarge, "Body too large", $"the body must be at most {maxBytes:N0} bytes");

    /// <summary>401, with <c>WWW-Authenticate: Bearer</c>.</summary>
    /// <param name="context">The request (the header is set on its response).</param>
    /// <param name="detail">Why.</param>
    /// <returns>The problem.</returns>
    public static ProblemHttpResult Unauthorized(HttpContext context, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problem(StatusCodes.Status401Unauthorized, ApiProblemTypes.Unauthorized, "Unauthorized", detail);
    }

    /// <summary>403: the token is valid but may not do this.</summary>
    /// <param name="detail">Why.</param>
    /// <returns>The problem.</returns>
    public static ProblemHttpResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, ApiProblemTypes.Forbidden, "Forbidden", detail);

    /// <summary>404.</summary>
    /// <param name="detail">What is not there.</param>
    /// <returns>The problem.</returns>
    public static ProblemHttpResult NotFound(string detail) =>
        Problem(StatusCodes.Status404NotFound, ApiProblemTypes.NotFound, "Not found", detail);

    /// <summary>Any status with a type, title, detail and extensions.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="type">One of <see cref="ApiProblemTypes"/>.</param>
    /// <param name="title">A short, fixed summary of the type.</param>
    /// <param name="detail">This occurrence, for people.</param>
    /// <param name="extensions">Extra members (e.g. <c>field</c>, <c>jobId</c>).</param>
    /// <returns>The problem.</returns>
    public static ProblemHttpResult Problem(int status, string type, string title, string detail, params (string Name, object? Value)[] extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        var members = extensions.Length == 0 ? null : extensions.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        return TypedResults.Problem(detail, statusCode: status, title: title, type: type, extensions: members);
    }
}
