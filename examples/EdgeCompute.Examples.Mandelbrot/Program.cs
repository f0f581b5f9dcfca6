// Submits a Mandelbrot image as a WebAssembly job, waits for it with progress, fetches the result and the PNG.
//   export EDGECOMPUTE_API_TOKEN=...   # an owner's token (owners/<id>.json), funded for the fee
//   dotnet run --project examples/EdgeCompute.Examples.Mandelbrot -- http://127.0.0.1:8080 examples/mandelbrot.wat mandelbrot.png
using System.Text.Json;
using EdgeCompute.Client;
using EdgeCompute.Client.Errors;
using EdgeCompute.Client.Jobs;
using EdgeCompute.Examples.Mandelbrot;

var api = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:8080");
var modulePath = args.Length > 1 ? args[1] : "examples/mandelbrot.wat";
var output = args.Length > 2 ? args[2] : "mandelbrot.png";
var token = Environment.GetEnvironmentVariable("EDGECOMPUTE_API_TOKEN");
if (string.IsNullOrEmpty(token))
{
    Console.Error.WriteLine("error: set EDGECOMPUTE_API_TOKEN to an owner's API token (apiToken in owners/<id>.json)");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var client = new EdgeComputeClient(new EdgeComputeClientOptions { BaseAddress = api, Token = token });
try
{
    // 1. The module: WebAssembly text compiled to binary here (a .wasm file is sent as it is).
    var module = modulePath.EndsWith(".wat", StringComparison.OrdinalIgnoreCase)
        ? Wasmtime.Module.ConvertText(await File.ReadAllTextAsync(modulePath, stop.Token))
        : await File.ReadAllBytesAsync(modulePath, stop.Token);

    // 2. Submit: the client mints the job id, so its retries never pay twice.
    using var spec = JsonDocument.Parse(MandelbrotSpec.Create(module, width: 256, height: 192, tile: 64, iterations: 64).ToJsonString());
    var accepted = await client.SubmitJobAsync(new JobSubmission(spec.RootElement, MaxPrice: 200_000), stop.Token);
    Console.WriteLine($"job {accepted.JobId}: {accepted.Detail}");

    // 3. Wait, printing each change of the task counts.
    var last = "";
    var progress = new Progress<JobView>(job =>
    {
        var line = job.Tasks is { } t ? $"{t.Verified}/{t.Total} tiles verified, {t.Open} open" : job.Status;
        if (line != last)
        {
            Console.WriteLine($"  {line}");
            last = line;
        }
    });
    var done = await client.WaitForJobAsync(accepted.JobId, TimeSpan.FromSeconds(1), progress, stop.Token);
    if (done.Status == JobStatuses.Failed)
    {
        Console.Error.WriteLine($"error: job {done.Id} failed (the fee is refunded): {done.Detail}");
        return 1;
    }

    // 4. The merged result and the image.
    var result = await client.GetJobResultAsync(done.Id, stop.Token);
    Console.WriteLine($"result: kind {result.GetProperty("kind").GetString()}, {result.GetRawText().Length} bytes of JSON");
    await File.WriteAllBytesAsync(output, await client.GetJobImageAsync(done.Id, stop.Token), stop.Token);
    Console.WriteLine($"image: {Path.GetFullPath(output)}");
    return 0;
}
catch (ApiProblemException e)
{
    Console.Error.WriteLine($"error: {e.Problem.Title}: {e.Problem.Detail}");
    return 1;
}
catch (ApiTransportException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("stopped waiting; the job goes on");
    return 1;
}
