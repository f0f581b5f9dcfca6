using System.Net;
using System.Text;

namespace EdgeCompute.Client.Tests.Http;

/// <summary>Answers each request with the next scripted step: an answer, a thrown exception, or a hang until the attempt is cancelled.</summary>
internal sealed class ScriptedHandler(params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] steps) : HttpMessageHandler
{
    private int _next;

    public List<string> Requests { get; } = [];

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Answer(HttpStatusCode status, string json, string? retryAfterSeconds = null,
        string mediaType = "application/json") => (_, _) =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };
        if (retryAfterSeconds is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfterSeconds);
        }

        return Task.FromResult(response);
    };

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Refuse() =>
        (_, _) => throw new HttpRequestException("Connection refused (127.0.0.1:1)");

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Hang() => async (_, token) =>
    {
        await Task.Delay(Timeout.Infinite, token);
        throw new InvalidOperationException("unreachable");
    };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
        var step = steps[Math.Min(_next++, steps.Length - 1)];
        return step(request, cancellationToken);
    }
}
