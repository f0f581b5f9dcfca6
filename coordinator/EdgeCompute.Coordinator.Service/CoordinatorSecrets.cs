using System.Diagnostics.CodeAnalysis;
using EdgeCompute.Coordinator.Runtime;
using Microsoft.Extensions.Configuration;

namespace EdgeCompute.Coordinator.Service;

/// <summary>
/// The coordinator's secrets, never flags or plain settings files: the API's operator token
/// (<see cref="CoordinatorServiceOptions.OperatorTokenFile"/>, else <see cref="CoordinatorServiceOptions.OperatorTokenVariable"/>)
/// and its password on an external broker (<see cref="CoordinatorServiceOptions.BrokerPasswordFile"/>, else
/// <see cref="CoordinatorServiceOptions.BrokerPasswordVariable"/>, else <c>CoordinatorOptions:ExternalBroker:Password</c>).
/// </summary>
public static class CoordinatorSecrets
{
    /// <summary>Reads a secret file: its text without the trailing line break.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">The secret.</param>
    /// <param name="problem">Why it cannot be used (missing, unreadable, empty), when it cannot.</param>
    /// <returns>Whether the file holds a secret.</returns>
    public static bool TryRead(string path, out string text, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            text = File.ReadAllText(path).TrimEnd('\r', '\n');
            problem = text.Length > 0 ? null : $": {path} is empty";
            return problem is null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            text = "";
            problem = $": cannot read {path}: {e.Message}";
            return false;
        }
    }

    /// <summary>Reads the operator token; null when neither the file nor the variable gives one (deposits through the API are off).</summary>
    /// <param name="options">The service's settings.</param>
    /// <param name="configuration">The configuration, which holds the <c>EDGECOMPUTE_</c> environment variables without their prefix.</param>
    /// <returns>The token, or null.</returns>
    /// <exception cref="CoordinatorStartException">The file cannot be read.</exception>
    public static string? OperatorToken(CoordinatorServiceOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        if (options.OperatorTokenFile is { Length: > 0 } file)
        {
            return TryRead(file, out var token, out var problem)
                ? token
                : throw new CoordinatorStartException(CoordinatorSetting.OperatorTokenFile, CoordinatorServiceExtensions.ConfigurationErrorExitCode, problem.TrimStart(':', ' '));
        }

        return FromEnvironment(configuration, CoordinatorServiceOptions.OperatorTokenVariable);
    }

    /// <summary>Fills in the external broker's password from the file or the variable, when an external broker is configured.</summary>
    /// <param name="options">The coordinator's settings (changed in place).</param>
    /// <param name="service">The service's settings.</param>
    /// <param name="configuration">The configuration, which holds the <c>EDGECOMPUTE_</c> environment variables without their prefix.</param>
    /// <exception cref="CoordinatorStartException">The file cannot be read, or no password is given at all.</exception>
    public static void FillBrokerPassword(CoordinatorOptions options, CoordinatorServiceOptions service, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(configuration);
        if (options.ExternalBroker is not { } external)
        {
            return;
        }

        if (service.BrokerPasswordFile is { Length: > 0 } file)
        {
            external.Password = TryRead(file, out var password, out var problem)
                ? password
                : throw new CoordinatorStartException(CoordinatorSetting.BrokerPasswordFile, CoordinatorServiceExtensions.ConfigurationErrorExitCode, problem.TrimStart(':', ' '));
        }
        else if (FromEnvironment(configuration, CoordinatorServiceOptions.BrokerPasswordVariable) is { } fromEnvironment)
        {
            external.Password = fromEnvironment;
        }

        if (string.IsNullOrEmpty(external.Password))
        {
            throw new CoordinatorStartException(CoordinatorSetting.BrokerPasswordFile, CoordinatorServiceExtensions.ConfigurationErrorExitCode,
                $"the coordinator's password on the external broker is needed: name a file holding it (such as the coordinator-broker.password 'provision mosquitto' kept) or set {CoordinatorServiceOptions.BrokerPasswordVariable}");
        }
    }

    private static string? FromEnvironment(IConfiguration configuration, string variable) =>
        configuration[variable[Protocol.Hosting.SettingValueError.EnvironmentPrefix.Length..]] is { Length: > 0 } value ? value : null;
}
