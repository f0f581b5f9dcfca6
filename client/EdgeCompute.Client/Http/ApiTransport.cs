using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EdgeCompute.Client.Errors;

namespace EdgeCompute.Client.Http;

/// <summary>
/// Sends one API call: each attempt under <see cref="EdgeComputeClientOptions.Timeout"/>; a transport failure, a timeout,
/// 408, 429, 502, 503 or 504 is tried again (after <c>Retry-After</c> when the coordinator gives one, else a doubling
/// delay) up to <see cref="EdgeComputeClientOptions.MaxAttempts"/>. Only safe calls come here: reads, and writes that
/// carry their own idempotency key (a job id, a deposit reference).
/// </summary>
internal sealed class ApiTransport
{
    private readonly HttpClient _http;
    private readonly EdgeComputeClientOptions _options;

    public ApiTransport(HttpClient http, EdgeComputeClientOptions options)
    {
        _http = http;
        _options = options;
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Sends the call and reads a JSON answer.</summary>
    public Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, ApiCall? call, CancellationToken cancellationToken) =>
        SendAsync(method, path, body, call, async (response, token) =>
        {
            var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync<T>(stream, Json, token).ConfigureAwait(false)
                    ?? throw new JsonException($"{method} {path} answered null");
            }
        }, cancellationToken);

    /// <summary>Sends the call and hands the successful answer to <paramref name="read"/> (within the attempt's timeout).</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, ApiCall? call, Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken, Action<HttpRequestMessage>? prepare = null)
    {
        call ??= new ApiCall();
        var name = $"{method} {path}";
        Exception? last = null;
        var timedOut = false;
        for (var attempt = 1; ; attempt++)
        {
            call.Attempts = attempt;
            TimeSpan? wait = null;
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptCts.CancelAfter(_options.Timeout);
                try
                {
                    using var request = Build(method, path, body);
                    prepare?.Invoke(request);
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return await read(response, attemptCts.Token).ConfigureAwait(false);
                    }

                    var text = await response.Content.ReadAsStringAsync(attemptCts.Token).ConfigureAwait(false);
                    var problem = new ApiProblemException(ApiProblem.Parse((int)response.StatusCode, response.ReasonPhrase, text))
                    {
                        Request = name,
                        Attempts = attempt,
                        RetryAfter = RetryAfter(response.Headers.RetryAfter),
                    };
                    if (!Transient(response.StatusCode) || attempt >= _options.MaxAttempts || problem.RetryAfter > _options.MaxRetryDelay)
                    {
                        throw problem;
                    }

                    last = problem;
                    wait = problem.RetryAfter;
                }
                catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
                {
                    last = e;
                    timedOut = false;
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    last = e;
                    timedOut = true;
                }
                catch (IOException e) when (!cancellationToken.IsCancellationRequested)
                {
                    last = e; // the connection dropped while the body was read
                    timedOut = false;
                }
            }

            if (attempt >= _options.MaxAttempts)
            {
                throw new ApiTransportException(
                    timedOut ? $"{name}: no answer within {_options.Timeout.TotalSeconds:0.#} s ({attempt} attempts)" : $"{name}: cannot reach the coordinator at {_http.BaseAddress} ({attempt} attempts): {last?.Message}",
                    last)
                {
                    Request = name,
                    Attempts = attempt,
                    TimedOut = timedOut,
                };
            }

            await Task.Delay(wait ?? Backoff(attempt), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool Transient(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header?.Delta is { } delta ? delta
        : header?.Date is { } date ? (date - DateTimeOffset.UtcNow) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero
        : null;

    private TimeSpan Backoff(int attempt)
    {
        var delay = _options.RetryDelay * Math.Pow(2, attempt - 1);
        return delay > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay;
    }

    private HttpRequestMessage Build(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (!string.IsNullOrEmpty(_options.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        }

        if (body is RawBody raw)
        {
            request.Content = raw.Create(); // a new content per attempt: a retry sends the bytes again
        }
        else if (body is not null)
        {
            request.Content = JsonContent(body);
        }

        return request;
    }

    private static ByteArrayContent JsonContent(object body)
    {
        var bytes = body is byte[] raw ? raw : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Json);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
