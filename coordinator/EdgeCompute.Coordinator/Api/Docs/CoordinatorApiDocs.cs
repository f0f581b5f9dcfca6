using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace EdgeCompute.Coordinator.Api.Docs;

/// <summary>
/// The API's OpenAPI 3 document at <see cref="DocumentPath"/> and its reference page at <see cref="ReferencePath"/>
/// (Scalar, its script served from the assembly: the page fetches nothing from outside).
/// </summary>
public static class CoordinatorApiDocs
{
    /// <summary>The document's name.</summary>
    public const string DocumentName = "v1";

    /// <summary>Where the document is served.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Where the reference page is served.</summary>
    public const string ReferencePath = "/api/docs";

    /// <summary>Registers the document generator with the bearer scheme and the schema corrections.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddCoordinatorApiDocs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "EdgeCompute coordinator API";
                document.Info.Description = "Jobs, nodes, telemetry, epochs and their payout proofs, accounts and deposits. Errors are RFC 7807 problems.";
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<BearerSecurityTransformer>();
            options.AddOperationTransformer<BearerSecurityTransformer>();
            options.AddOperationTransformer<AlternateContentTransformer>();
            options.AddSchemaTransformer<ApiSchemaTransformer>();
        });
        return services;
    }

    /// <summary>Maps the document and the reference page.</summary>
    /// <param name="endpoints">The route builder (the web application).</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapCoordinatorApiDocs(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        endpoints.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("EdgeCompute coordinator API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocument(DocumentName)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());
        return endpoints;
    }
}
