namespace EdgeCompute.Gateway.Bridges;

/// <summary>
/// Checks a bridge's <see cref="BridgeBrokerOptions"/> at start: the address, the timings, and that each secret file
/// exists and is readable by its owner only (no permission for others), so a password or key is not left world-readable.
/// </summary>
public static class BridgeBrokerOptionsValidator
{
    /// <summary>The file permissions others may not have on a secret file.</summary>
    private const UnixFileMode OtherAccess = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Adds every problem of <paramref name="options"/> to <paramref name="problems"/>.</summary>
    /// <param name="section">The settings path of the broker section (<c>HomeAssistantOptions:Broker</c>).</param>
    /// <param name="options">The broker settings.</param>
    /// <param name="problems">Receives one message per problem, naming the setting.</param>
    public static void Check(string section, BridgeBrokerOptions? options, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (options is null)
        {
            problems.Add($"{section}: is missing; name the broker (Host, Port)");
            return;
        }

        if (string.IsNullOrWhiteSpace(options.Host) || Uri.CheckHostName(options.Host) == UriHostNameType.Unknown)
        {
            problems.Add($"{section}:Host must be a host name or IP address, found \"{options.Host}\"");
        }

        if (options.Port is < 1 or > 65535)
        {
            problems.Add($"{section}:Port must be 1 to 65535, found {options.Port}");
        }

        if (options.ClientId.Length > 128)
        {
            problems.Add($"{section}:ClientId must be at most 128 characters");
        }

        if (options.KeepAlive < TimeSpan.FromSeconds(5) || options.KeepAlive > TimeSpan.FromHours(1))
        {
            problems.Add($"{section}:KeepAlive must be 5 s to 1 h, found {options.KeepAlive}");
        }

        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{section}:OperationTimeout must be above 0 and at most 5 min, found {options.OperationTimeout}");
        }

        if (options.BackoffInitial <= TimeSpan.Zero || options.BackoffMax < options.BackoffInitial)
        {
            problems.Add($"{section}:BackoffInitial must be above 0 and at most BackoffMax, found {options.BackoffInitial} and {options.BackoffMax}");
        }

        if (options.QueueCapacity is < 1 or > 1_000_000)
        {
            problems.Add($"{section}:QueueCapacity must be 1 to 1000000, found {options.QueueCapacity}");
        }

        if (!string.IsNullOrEmpty(options.UserName) && string.IsNullOrEmpty(options.PasswordFile))
        {
            problems.Add($"{section}:PasswordFile must name the file holding the password of user \"{options.UserName}\"");
        }

        if (string.IsNullOrEmpty(options.UserName) && !string.IsNullOrEmpty(options.PasswordFile))
        {
            problems.Add($"{section}:UserName must be set when PasswordFile is");
        }

        CheckSecretFile($"{section}:PasswordFile", options.PasswordFile, problems);
        if (!options.UseTls && (options.CaCertificateFile.Length > 0 || options.ClientCertificateFile.Length > 0 || options.ClientKeyFile.Length > 0))
        {
            problems.Add($"{section}:UseTls must be true when CaCertificateFile, ClientCertificateFile or ClientKeyFile is set");
        }

        if (options.CaCertificateFile.Length > 0 && !File.Exists(options.CaCertificateFile))
        {
            problems.Add($"{section}:CaCertificateFile \"{options.CaCertificateFile}\" does not exist");
        }

        if ((options.ClientCertificateFile.Length > 0) != (options.ClientKeyFile.Length > 0))
        {
            problems.Add($"{section}:ClientCertificateFile and ClientKeyFile must be set together");
        }

        if (options.ClientCertificateFile.Length > 0 && !File.Exists(options.ClientCertificateFile))
        {
            problems.Add($"{section}:ClientCertificateFile \"{options.ClientCertificateFile}\" does not exist");
        }

        CheckSecretFile($"{section}:ClientKeyFile", options.ClientKeyFile, problems);
    }

    private static void CheckSecretFile(string setting, string path, List<string> problems)
    {
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        if (!File.Exists(path))
        {
            problems.Add($"{setting} \"{path}\" does not exist");
            return;
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OtherAccess) != 0)
        {
            problems.Add($"{setting} \"{path}\" can be read by other users; make it readable by the service only (chmod 600, or 640 with the service's group)");
        }
    }
}
