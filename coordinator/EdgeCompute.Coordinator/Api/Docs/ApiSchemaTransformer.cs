using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCompute.Coordinator.Api.Telemetry;
using EdgeCompute.Coordinator.Domain.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EdgeCompute.Coordinator.Api.Docs;

/// <summary>
/// Makes the generated schemas say what the wire carries where the serializer's defaults do not: a job spec or result
/// is one of its kinds' objects told apart by <c>kind</c> (as <see cref="JobJson"/> reads and writes it, with enums as
/// camelCase strings); a <see cref="ScaledValue"/> is an exact JSON number; a problem may carry <c>field</c>.
/// </summary>
public sealed class ApiSchemaTransformer : IOpenApiSchemaTransformer
{
    private const string Discriminator = "kind";

    /// <inheritdoc/>
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(JobSpec) || type == typeof(JobResult))
        {
            await DescribeKindsAsync(schema, context, type, cancellationToken).ConfigureAwait(false);
        }
        else if (type == typeof(ScaledValue))
        {
            schema.Type = JsonSchemaType.Number;
            schema.Properties?.Clear();
            schema.Required?.Clear();
            schema.Description = "An exact decimal (the stored mantissa scaled by the channel's exponent).";
        }
        else if (type == typeof(ProblemDetails))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["field"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String | JsonSchemaType.Null,
                Description = "For bad input: the parameter or body member at fault (e.g. fee, spec.to, limit).",
            };
        }
        else if ((Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true } enumType && enumType.Assembly == typeof(JobSpec).Assembly)
        {
            // The job codec writes the domain's enums as camelCase strings.
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. Enum.GetNames(enumType).Select(n => (JsonNode)JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(n)))];
        }
    }

    private static async Task DescribeKindsAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, Type baseType, CancellationToken cancellationToken)
    {
        var kinds = baseType.Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(baseType) && !t.IsAbstract)
            .Select(t => (Type: t, Kind: KindOf(t, baseType)))
            .OrderBy(k => k.Kind, StringComparer.Ordinal)
            .ToList();
        schema.OneOf = [];
        foreach (var (derived, kind) in kinds)
        {
            var member = await context.GetOrCreateSchemaAsync(derived, null, cancellationToken).ConfigureAwait(false);
            member.Properties ??= new Dictionary<string, IOpenApiSchema>();
            member.Properties[Discriminator] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(kind)] };
            member.Required ??= new HashSet<string>();
            member.Required.Add(Discriminator);
            member.Title = kind;
            schema.OneOf.Add(member);
        }

        schema.Type = JsonSchemaType.Object;
        schema.Properties?.Clear();
        schema.Required?.Clear();
        schema.Description = $"One object per kind, told apart by \"{Discriminator}\" ({string.Join(", ", kinds.Select(k => k.Kind))}).";
    }

    // The kind is a constant of each record type; an uninitialised instance answers it without running a constructor.
    private static string KindOf(Type derived, Type baseType)
    {
        var instance = RuntimeHelpers.GetUninitializedObject(derived);
        var kind = baseType == typeof(JobSpec) ? ((JobSpec)instance).Kind : ((JobResult)instance).Kind;
        return JobKinds.Name(kind);
    }
}
