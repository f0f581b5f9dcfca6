using System.Net;
using System.Security.Cryptography;
using EdgeCompute.Coordinator.Api;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Tls;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Coordinator.Service;

/// <summary>
/// Checks <see cref="CoordinatorServiceOptions"/> at start: the fleet's <c>coordinator.json</c> is there and loads, the API's
/// address is an IP address, the API's certificate and key (if any) belong together, and the secret files named are readable and not empty. Each failure names its setting.
/// </summary>
public sealed class CoordinatorServiceOptionsValidator : IValidateOptions<CoordinatorServiceOptions>
{
    private const string Section = CoordinatorServiceExtensions.ServiceSection + ":";

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, CoordinatorServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.FleetFolder))
        {
            problems.Add($"{Section}{nameof(options.FleetFolder)} must name the fleet folder (the one holding coordinator.json)");
        }
        else if (CheckRegistry(options.FleetFolder) is { } registry)
        {
            problems.Add($"{Section}{nameof(options.FleetFolder)} \"{options.FleetFolder}\": {registry}");
        }

        if (!IPAddress.TryParse(options.HttpAddress, out _))
        {
            problems.Add($"{Section}{nameof(options.HttpAddress)} must be an IP address (0.0.0.0 for every interface), found \"{options.HttpAddress}\"");
        }

        if (options.HttpPort is < 0 or > 65535)
        {
            problems.Add($"{Section}{nameof(options.HttpPort)} must be 0 to 65535, found {options.HttpPort}");
        }

        if (options.OperatorTokenFile is { Length: > 0 } tokenFile)
        {
            if (!CoordinatorSecrets.TryRead(tokenFile, out var token, out var problem))
            {
                problems.Add($"{Section}{nameof(options.OperatorTokenFile)} {problem}");
            }
            else if (token.Length < CoordinatorApiServices.MinOperatorTokenLength)
            {
                problems.Add($"{Section}{nameof(options.OperatorTokenFile)}: {tokenFile} must hold a token of {CoordinatorApiServices.MinOperatorTokenLength} characters or more (e.g. 32 random bytes as hex)");
            }
        }

        if (options.BrokerPasswordFile is { Length: > 0 } passwordFile && !CoordinatorSecrets.TryRead(passwordFile, out _, out var passwordProblem))
        {
            problems.Add($"{Section}{nameof(options.BrokerPasswordFile)} {passwordProblem}");
        }

        CheckHttps(options, problems);
        if (options.RegistryCheckInterval < TimeSpan.FromMilliseconds(100))
        {
            problems.Add($"{Section}{nameof(options.RegistryCheckInterval)} must be at least 00:00:00.1, found {options.RegistryCheckInterval}");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>The API's certificate and key: both or neither, readable, and belonging together.</summary>
    private static void CheckHttps(CoordinatorServiceOptions options, List<string> problems)
    {
        bool certificate = !string.IsNullOrEmpty(options.HttpCertificateFile), key = !string.IsNullOrEmpty(options.HttpKeyFile);
        if (certificate != key)
        {
            problems.Add($"{Section}{nameof(options.HttpCertificateFile)} and {Section}{nameof(options.HttpKeyFile)} go together (the API's certificate and its key, PEM)");
            return;
        }

        if (!certificate)
        {
            return;
        }

        try
        {
            using var _ = TlsFiles.ReadCertificateWithKey(options.HttpCertificateFile!, options.HttpKeyFile!);
        }
        catch (TlsFileException e)
        {
            problems.Add($"{Section}{(e.FilePath == options.HttpKeyFile ? nameof(options.HttpKeyFile) : nameof(options.HttpCertificateFile))} {e.Message}");
        }
    }

    private static string? CheckRegistry(string fleetFolder)
    {
        var file = Path.Combine(fleetFolder, FleetFiles.CoordinatorFileName);
        if (!File.Exists(file))
        {
            return $"{file} does not exist; this needs the coordinator's copy of the fleet";
        }

        try
        {
            _ = FleetRegistry.Load(file);
            return null;
        }
        catch (ProvisioningException e)
        {
            return $"{FleetFiles.CoordinatorFileName}: {e.Message}";
        }
        catch (CryptographicException e)
        {
            return $"{FleetFiles.CoordinatorFileName} holds an unusable key: {e.Message}";
        }
    }
}
