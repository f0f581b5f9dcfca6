using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>
/// JSON for job specs (the API's submit body, the store's <c>spec_json</c>) and results (<c>result_json</c>): an object
/// with a <c>kind</c> discriminator (<see cref="IJobKind.Name"/> of a kind registered in <see cref="JobKinds"/>), camelCase fields, byte arrays as base64, enums as camelCase
/// strings, null fields left out. Reading is strict: unknown fields, missing fields, nulls where a value is due and
/// repeated fields are refused with a message. Reading never throws on bad input; it does not validate values
/// (<see cref="JobSpecValidator"/> does).
/// </summary>
/// <example>
/// <code>{"kind":"primes","from":0,"to":1000000,"chunkSize":100000}</code>
/// <code>{"kind":"montecarlo-pi","samples":1000000,"chunkSamples":100000,"seed":7,"verification":{"method":"quorum","quorum":2,"replicas":3}}</code>
/// </example>
public static class JobJson
{
    private const string Discriminator = "kind";

    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>Writes a spec.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>Its JSON.</returns>
    public static string Serialize(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return JsonSerializer.Serialize(spec, Options);
    }

    /// <summary>Writes a result.</summary>
    /// <param name="result">The result.</param>
    /// <returns>Its JSON.</returns>
    public static string Serialize(JobResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, Options);
    }

    /// <summary>Reads a spec.</summary>
    /// <param name="json">The JSON text (may be anything).</param>
    /// <returns>The spec, or why the JSON is not one.</returns>
    public static JobJsonResult<JobSpec> DeserializeSpec(string? json) => Read<JobSpec>(json, "job spec");

    /// <summary>Reads a result.</summary>
    /// <param name="json">The JSON text (may be anything).</param>
    /// <returns>The result, or why the JSON is not one.</returns>
    public static JobJsonResult<JobResult> DeserializeResult(string? json) => Read<JobResult>(json, "job result");

    private static JobJsonResult<T> Read<T>(string? json, string what)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return JobJsonResult<T>.Fail($"the {what} is empty");
        }

        try
        {
            using (var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = Options.MaxDepth }))
            {
                if (KindProblem(document.RootElement, what) is { } problem)
                {
                    return JobJsonResult<T>.Fail(problem);
                }
            }

            return JsonSerializer.Deserialize<T>(json, Options) is { } value
                ? JobJsonResult<T>.Success(value)
                : JobJsonResult<T>.Fail($"the {what} is null");
        }
        catch (JsonException e)
        {
            return JobJsonResult<T>.Fail($"the {what} is not valid: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            return JobJsonResult<T>.Fail($"the {what} is not valid: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            return JobJsonResult<T>.Fail($"the {what} is not valid: {e.Message}");
        }
    }

    private static string? KindProblem(JsonElement root, string what)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return $"the {what} must be a JSON object, found {root.ValueKind.ToString().ToLowerInvariant()}";
        }

        if (!root.TryGetProperty(Discriminator, out var kind))
        {
            return $"the {what} has no \"{Discriminator}\"; expected one of {string.Join(", ", JobKinds.Names)}";
        }

        return kind.ValueKind != JsonValueKind.String ? $"\"{Discriminator}\" must be a string, one of {string.Join(", ", JobKinds.Names)}"
            : !JobKinds.TryFind(kind.GetString(), out _) ? $"unknown {Discriminator} \"{kind.GetString()}\"; expected one of {string.Join(", ", JobKinds.Names)}"
            : null;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNameCaseInsensitive = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            AllowOutOfOrderMetadataProperties = true,
            AllowDuplicateProperties = false,
            NumberHandling = JsonNumberHandling.Strict,
            MaxDepth = 16,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { ConfigureKinds } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }

    private static void ConfigureKinds(JsonTypeInfo info)
    {
        if (info.Type == typeof(JobSpec))
        {
            info.PolymorphismOptions = Polymorphism(kind => kind.SpecType);
        }
        else if (info.Type == typeof(JobResult))
        {
            info.PolymorphismOptions = Polymorphism(kind => kind.ResultType);
        }

        if (info.Kind == JsonTypeInfoKind.Object && (typeof(JobSpec).IsAssignableFrom(info.Type) || typeof(JobResult).IsAssignableFrom(info.Type)))
        {
            // The kind is the discriminator; the computed Kind property would write it a second time.
            for (var i = info.Properties.Count - 1; i >= 0; i--)
            {
                if (info.Properties[i].Name == Discriminator)
                {
                    info.Properties.RemoveAt(i);
                }
            }
        }
    }

    private static JsonPolymorphismOptions Polymorphism(Func<IJobKind, Type> type)
    {
        var options = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = Discriminator,
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var kind in JobKinds.All)
        {
            options.DerivedTypes.Add(new JsonDerivedType(type(kind), kind.Name));
        }

        return options;
    }
}
