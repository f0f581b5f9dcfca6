using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EdgeCompute.Coordinator.Api.Docs;

/// <summary>Adds each <see cref="AlternateContent"/> media type to the operation's response: text as a string, anything else as binary.</summary>
public sealed class AlternateContentTransformer : IOpenApiOperationTransformer
{
    /// <inheritdoc/>
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var alternate in context.Description.ActionDescriptor.EndpointMetadata.OfType<AlternateContent>())
        {
            operation.Responses ??= [];
            var status = alternate.StatusCode.ToString(CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(status, out var response))
            {
                response = new OpenApiResponse { Description = "OK" };
                operation.Responses[status] = response;
            }

            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            concrete.Content ??= new Dictionary<string, OpenApiMediaType>();
            foreach (var mediaType in alternate.MediaTypes)
            {
                var text = mediaType.StartsWith("text/", StringComparison.Ordinal) || mediaType.EndsWith("+json", StringComparison.Ordinal);
                concrete.Content[mediaType] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = text ? null : "binary" },
                };
            }
        }

        return Task.CompletedTask;
    }
}
