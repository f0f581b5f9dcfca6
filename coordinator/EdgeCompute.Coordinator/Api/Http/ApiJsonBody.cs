using System.Text.Json;
using EdgeCompute.Coordinator.Api.Limits;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeCompute.Coordinator.Api.Http;

/// <summary>
/// Reads a request body as one JSON object, strictly and without trusting it: a size cap, a depth cap, no repeated or
/// unknown members. Any malformed body becomes a 400 problem, never an exception.
/// </summary>
public sealed class ApiJsonBody : IDisposable
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    private readonly JsonDocument _document;

    private ApiJsonBody(JsonDocument document) => _document = document;

    /// <summary>Gets the root object.</summary>
    public JsonElement Root => _document.RootElement;

    /// <summary>Reads the body.</summary>
    /// <param name="request">The request.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <param name="allowed">The member names the object may have (any other is refused).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body, or the problem.</returns>
    public static async Task<(ApiJsonBody? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, long maxBytes, IReadOnlyCollection<string> allowed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(allowed);
        maxBytes = request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<ApiBodyLimit>()?.MaxRequestBodySize ?? maxBytes; // the configured limit, when the endpoint has one
        if (request.ContentLength > maxBytes)
        {
            return (null, ApiProblems.TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await ReadAsync(request, chunk, cancellationToken).ConfigureAwait(false)) != 0)
        {
            if (read < 0 || buffer.Length + read > maxBytes)
            {
                return (null, ApiProblems.TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, ApiProblems.BadRequest("body", "the body is empty; send a JSON object"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), Options);
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.BadRequest("body", $"the body is not valid JSON: {e.Message}"));
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind.ToString().ToLowerInvariant();
            document.Dispose();
            return (null, ApiProblems.BadRequest("body", $"the body must be a JSON object, found {kind}"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in document.RootElement.EnumerateObject())
        {
            string? problem = !allowed.Contains(member.Name) ? $"unknown member \"{ApiQuery.Clip(member.Name)}\"; expected {string.Join(", ", allowed)}"
                : !seen.Add(member.Name) ? $"member \"{member.Name}\" appears twice"
                : null;
            if (problem is not null)
            {
                var field = ApiQuery.Clip(member.Name);
                document.Dispose();
                return (null, ApiProblems.BadRequest(field, problem));
            }
        }

        return (new ApiJsonBody(document), null);
    }

    /// <summary>One read of the body; past the server's own limit for the request (<see cref="ApiBodyLimit"/>) it says so with -1.</summary>
    private static async Task<int> ReadAsync(HttpRequest request, byte[] chunk, CancellationToken cancellationToken)
    {
        try
        {
            return await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return -1;
        }
    }

    /// <summary>Reads a required or optional string member.</summary>
    /// <param name="name">The member.</param>
    /// <param name="required">Whether it must be present and not null.</param>
    /// <param name="value">The string, or null when absent (or JSON null).</param>
    /// <returns>Null when read, else the problem.</returns>
    public ProblemHttpResult? String(string name, bool required, out string? value)
    {
        value = null;
        if (!Root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return required ? ApiProblems.BadRequest(name, $"{name} is required") : null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return ApiProblems.BadRequest(name, $"{name} must be a string, found {element.ValueKind.ToString().ToLowerInvariant()}");
        }

        value = element.GetString();
        return null;
    }

    /// <summary>Reads a required whole-number member (a JSON number without fraction or exponent beyond 64 bits is refused).</summary>
    /// <param name="name">The member.</param>
    /// <param name="value">The number.</param>
    /// <returns>Null when read, else the problem.</returns>
    public ProblemHttpResult? Long(string name, out long value)
    {
        value = 0;
        if (!Root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return ApiProblems.BadRequest(name, $"{name} is required");
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value)
            ? null
            : ApiProblems.BadRequest(name, $"{name} must be a whole number of micro-units (a 64-bit integer), got {ApiQuery.Clip(element.GetRawText())}");
    }

    /// <summary>Reads an optional whole number of micro-units: absent or null gives null.</summary>
    /// <param name="name">The member.</param>
    /// <param name="value">The number, or null when absent.</param>
    /// <returns>Null when absent or a whole number, else the 400 problem.</returns>
    public ProblemHttpResult? OptionalLong(string name, out long? value)
    {
        value = null;
        if (!Root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var problem = Long(name, out var number);
        value = problem is null ? number : null;
        return problem;
    }

    /// <inheritdoc />
    public void Dispose() => _document.Dispose();
}
