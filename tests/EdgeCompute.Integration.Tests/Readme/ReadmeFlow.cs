using System.Globalization;
using System.Text.RegularExpressions;
using EdgeCompute.Integration.Tests.Harness;

namespace EdgeCompute.Integration.Tests.Readme;

/// <summary>
/// The command lines of README.md's three-process flow (the <c>sh</c> block that provisions a fleet), as a user would type
/// them, with the ports moved to free ones: 1883 (central broker), 1884 and 1885 (the gateways' device brokers), 8080 (the
/// API). Where a line relies on a default port (the coordinator's <c>--listen</c>/<c>--http</c>, the API clients'
/// <c>--api</c>), the moved port is added as that option. Folders stay as written: the lines run in the test's own folder.
/// </summary>
internal sealed partial class ReadmeFlow
{
    private ReadmeFlow(IReadOnlyList<ReadmeLine> lines, int broker, int devices, int http)
    {
        Lines = lines;
        BrokerPort = broker;
        DevicePort = devices;
        HttpPort = http;
    }

    public IReadOnlyList<ReadmeLine> Lines { get; }

    public int BrokerPort { get; }

    /// <summary>Gets gw-01's device port; gw-0N's is this + N − 1 (the README provisions with <c>--distinct-gateway-ports</c>).</summary>
    public int DevicePort { get; }

    public int HttpPort { get; }

    public string Api => $"http://127.0.0.1:{HttpPort}";

    /// <summary>Reads the block from the repository's README.md and moves its ports.</summary>
    public static ReadmeFlow Read()
    {
        var readme = File.ReadAllText(Path.Combine(RepoLayout.RepositoryRoot, "README.md"));
        var block = ShellBlock().Matches(readme).Select(m => m.Groups[1].Value)
            .SingleOrDefault(b => b.Contains("edgecompute provision fleet", StringComparison.Ordinal) && b.Contains("alias edgecompute=", StringComparison.Ordinal));
        Assert.True(block is not null, "README.md has no sh block that provisions a fleet and defines the edgecompute alias");
        var (broker, devices, http) = (FreePort.Next(), TwoFreePorts(), FreePort.Next());
        var ports = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["1883"] = broker, ["1884"] = devices, ["1885"] = devices + 1, ["8080"] = http,
        };
        var lines = new List<ReadmeLine>();
        foreach (var raw in block!.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0))
        {
            var comment = Comment().Match(raw);
            var text = comment.Success ? raw[..comment.Index].TrimEnd() : raw;
            var note = comment.Success ? comment.Groups[1].Value : "";
            text = Port().Replace(text, m => ports.TryGetValue(m.Value, out var p) ? p.ToString(CultureInfo.InvariantCulture) : m.Value);
            text = AddDefaults(text, broker, http);
            var terminal = Terminal().Match(note);
            lines.Add(new ReadmeLine(raw, text, note, terminal.Success ? int.Parse(terminal.Groups[1].Value, CultureInfo.InvariantCulture) : null));
        }

        return new ReadmeFlow(lines, broker, devices, http);
    }

    private static string AddDefaults(string text, int broker, int http)
    {
        if (text.StartsWith("edgecompute coordinator ", StringComparison.Ordinal))
        {
            text += text.Contains("--listen", StringComparison.Ordinal) ? "" : $" --listen mqtt://127.0.0.1:{broker}";
            text += text.Contains("--http", StringComparison.Ordinal) ? "" : $" --http http://127.0.0.1:{http}";
        }
        else if (ApiClient().IsMatch(text) && !text.Contains("--api", StringComparison.Ordinal))
        {
            text += $" --api http://127.0.0.1:{http}";
        }

        return text;
    }

    /// <summary>A port P with P + 1 free too, for two gateways provisioned with distinct ports.</summary>
    private static int TwoFreePorts()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = FreePort.Next();
            if (port < 65535 && IsFree(port + 1))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no two consecutive free ports found");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"\s{2,}#\s?(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Comment();

    [GeneratedRegex(@"\b(1883|1884|1885|8080)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Port();

    [GeneratedRegex(@"terminal (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex Terminal();

    [GeneratedRegex(@"^edgecompute (submit|jobs|nodes|epochs|telemetry)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ApiClient();
}

/// <summary>One line of the README's flow.</summary>
/// <param name="Written">The line as README.md has it.</param>
/// <param name="Command">The command with the ports moved and the comment removed.</param>
/// <param name="Comment">The comment after it, if any.</param>
/// <param name="Terminal">The terminal a long-running line runs in ("terminal N"); null for a line that runs to its end.</param>
internal sealed record ReadmeLine(string Written, string Command, string Comment, int? Terminal)
{
    public bool StartsWith(string text) => Command.StartsWith(text, StringComparison.Ordinal);
}
