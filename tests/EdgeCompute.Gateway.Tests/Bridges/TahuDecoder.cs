using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeCompute.Gateway.Tests.Bridges;

/// <summary>
/// Eclipse Tahu's JavaScript decoder (npm package <c>sparkplug-payload</c>, installed from the lockfile in
/// <c>tests/tools/sparkplug</c> by <c>scripts/test.sh</c>) run with node over recorded messages. Missing node or package:
/// skipped, unless <c>EDGECOMPUTE_REQUIRE_SERVICES=1</c>, then failed.
/// </summary>
internal static class TahuDecoder
{
    public static string ToolFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "EdgeCompute.sln")))
        {
            folder = folder.Parent;
        }

        var tool = Path.Combine(folder?.FullName ?? ".", "tests", "tools", "sparkplug");
        if (!Directory.Exists(Path.Combine(tool, "node_modules", "sparkplug-payload")))
        {
            var message = $"sparkplug-payload is not installed in {tool} (run: npm ci --prefix {tool}; scripts/test.sh does)";
            if (Environment.GetEnvironmentVariable("EDGECOMPUTE_REQUIRE_SERVICES") == "1")
            {
                Assert.Fail(message + " (EDGECOMPUTE_REQUIRE_SERVICES=1)");
            }

            Assert.Skip(message);
        }

        return tool;
    }

    /// <summary>Decodes every message; each result is Tahu's decoded payload as JSON (64-bit integers as strings).</summary>
    public static async Task<IReadOnlyList<JsonObject>> DecodeAsync(IReadOnlyList<RecordedMessage> messages)
    {
        var tool = ToolFolder();
        var input = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["topic"] = m.Topic, ["payload"] = Convert.ToBase64String(m.Payload) })]);
        var info = new ProcessStartInfo("node") { WorkingDirectory = tool, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("decode.js");
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(input.ToJsonString());
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"node decode.js failed ({process.ExitCode}): {await error}");
        var decoded = JsonNode.Parse(await output)!.AsArray();
        Assert.Equal(messages.Count, decoded.Count);
        var results = new List<JsonObject>();
        foreach (var item in decoded)
        {
            var entry = item!.AsObject();
            Assert.False(entry.ContainsKey("error"), $"Tahu could not decode {entry["topic"]}: {entry["error"]}");
            results.Add(entry["decoded"]!.AsObject());
        }

        return results;
    }

    public static long Long(JsonNode? node) => node switch
    {
        null => throw new InvalidOperationException("no value"),
        JsonValue v when v.TryGetValue<string>(out var s) => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
        JsonValue v => v.GetValue<long>(),
        _ => throw new InvalidOperationException($"not a number: {node.ToJsonString()}"),
    };

    public static JsonSerializerOptions Json { get; } = new() { WriteIndented = true };
}
