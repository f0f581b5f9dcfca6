namespace EdgeCompute.Protocol.Mqtt.Guard;

/// <summary>
/// The limits a <see cref="GuardedTcpServerAdapter"/> and a <see cref="Logins.LoginThrottle"/> hold an embedded broker to.
/// Each broker maps its own settings onto this (gateway: <c>GatewayOptions:DeviceBroker</c>; coordinator:
/// <c>CentralBrokerOptions</c>) and validates them at start with <see cref="Validate"/>.
/// </summary>
public sealed class BrokerGuardOptions
{
    /// <summary>The largest packet accepted, fixed header included; a packet announcing more is refused before it is read.</summary>
    public int MaxPacketBytes { get; set; } = 8 * 1024;

    /// <summary>The largest first packet (CONNECT, before any login) accepted; at most <see cref="MaxPacketBytes"/>.</summary>
    public int MaxConnectPacketBytes { get; set; } = 4 * 1024;

    /// <summary>How long a new connection may take to send its whole CONNECT before it is closed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many failed logins from one address go unpunished (within 10 minutes) before its attempts are slowed.</summary>
    public int LoginFailuresBeforeDelay { get; set; } = 5;

    /// <summary>The delay of the first slowed attempt; it doubles with each further failure.</summary>
    public TimeSpan LoginDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay a slowed attempt waits.</summary>
    public TimeSpan LoginDelayMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lists every problem, each naming its setting as <paramref name="prefix"/> + the property name.</summary>
    /// <param name="prefix">The configuration path of the settings, e.g. <c>GatewayOptions:DeviceBroker:</c>.</param>
    /// <param name="minPacketBytes">The smallest packet limit the broker's own traffic needs.</param>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate(string prefix, int minPacketBytes)
    {
        var problems = new List<string>();
        if (MaxPacketBytes < minPacketBytes || MaxPacketBytes > 268_435_460)
        {
            problems.Add($"{prefix}{nameof(MaxPacketBytes)} must be {minPacketBytes} to 268435460 (the largest message this broker carries, with its header), found {MaxPacketBytes}");
        }

        if (MaxConnectPacketBytes < 256 || MaxConnectPacketBytes > MaxPacketBytes)
        {
            problems.Add($"{prefix}{nameof(MaxConnectPacketBytes)} must be 256 to {nameof(MaxPacketBytes)} ({MaxPacketBytes}), found {MaxConnectPacketBytes}");
        }

        if (ConnectTimeout < TimeSpan.FromMilliseconds(100) || ConnectTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{prefix}{nameof(ConnectTimeout)} must be 00:00:00.1 to 00:05:00, found {ConnectTimeout}");
        }

        if (LoginFailuresBeforeDelay is < 0 or > 1000)
        {
            problems.Add($"{prefix}{nameof(LoginFailuresBeforeDelay)} must be 0 to 1000, found {LoginFailuresBeforeDelay}");
        }

        if (LoginDelay <= TimeSpan.Zero || LoginDelay > LoginDelayMax)
        {
            problems.Add($"{prefix}{nameof(LoginDelay)} must be above zero and at most {nameof(LoginDelayMax)} ({LoginDelayMax}), found {LoginDelay}");
        }

        if (LoginDelayMax > TimeSpan.FromMinutes(10))
        {
            problems.Add($"{prefix}{nameof(LoginDelayMax)} must be at most 00:10:00, found {LoginDelayMax}");
        }

        return problems;
    }
}
