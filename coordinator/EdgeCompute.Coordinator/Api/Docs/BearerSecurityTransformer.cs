using EdgeCompute.Coordinator.Api.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EdgeCompute.Coordinator.Api.Docs;

/// <summary>
/// Declares the <c>bearer</c> security scheme and puts it on exactly the operations whose endpoint carries an
/// <see cref="ApiTokenRequirement"/>; public reads have no security requirement.
/// </summary>
public sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    /// <summary>The scheme's name in <c>components.securitySchemes</c>.</summary>
    public const string SchemeName = "bearer";

    /// <inheritdoc/>
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An owner's API token (the owner's apiToken in the fleet's coordinator.json), or the operator token for deposits.",
        };
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var requirement = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiTokenRequirement>().LastOrDefault();
        if (requirement is null)
        {
            return Task.CompletedTask;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
        operation.Description = string.IsNullOrEmpty(operation.Description) ? requirement.Description : operation.Description + " " + requirement.Description;
        return Task.CompletedTask;
    }
}
