namespace EdgeCompute.Cli.Endpoints;

/// <summary>What an address option accepts: its schemes, the default port of each, and whether the host must be an IP address.</summary>
/// <param name="Schemes">The accepted schemes with their default ports, the plain one first.</param>
/// <param name="RequireIpAddress">Whether the host must be an IP address (an address to listen on, not to connect to).</param>
internal sealed record EndpointRule(IReadOnlyList<(string Scheme, int DefaultPort)> Schemes, bool RequireIpAddress = false)
{
    /// <summary>The coordinator's central broker: <c>mqtt://</c> (default port 1883) or <c>mqtts://</c> (8883).</summary>
    public static EndpointRule CentralBroker { get; } = new([("mqtt", 1883), ("mqtts", 8883)]);

    /// <summary>A gateway's device broker to connect to: <c>mqtt://</c> (default port 1884) or <c>mqtts://</c> (8884).</summary>
    public static EndpointRule DeviceBroker { get; } = new([("mqtt", 1884), ("mqtts", 8884)]);

    /// <summary>The address a gateway's device broker listens on: <c>mqtt://</c> (default port 1884) or <c>mqtts://</c> (8884) with an IP address.</summary>
    public static EndpointRule DeviceBrokerListen { get; } = new([("mqtt", 1884), ("mqtts", 8884)], RequireIpAddress: true);

    /// <summary>The coordinator's HTTP API: <c>http://</c> (default port 8080) or <c>https://</c> (443).</summary>
    public static EndpointRule CoordinatorHttp { get; } = new([("http", 8080), ("https", 443)]);

    /// <summary>Gets the form shown in help and errors, such as <c>mqtt://HOST:PORT</c>.</summary>
    public string HelpName => $"{Schemes[0].Scheme}://{(RequireIpAddress ? "ADDRESS" : "HOST")}:PORT";

    /// <summary>Gets the accepted schemes as text, such as <c>mqtt:// or mqtts://</c>.</summary>
    public string SchemeList => string.Join(" or ", Schemes.Select(s => s.Scheme + "://"));
}
