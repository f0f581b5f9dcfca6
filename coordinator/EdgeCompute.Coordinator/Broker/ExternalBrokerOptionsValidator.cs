using EdgeCompute.Protocol.Tls;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Coordinator.Broker;

/// <summary>
/// Checks <see cref="ExternalBrokerOptions"/>: the address, the client id, the reconnection pauses and, with TLS, that the
/// <see cref="ExternalBrokerOptions.CaFile"/> is a readable CA certificate (and is only given with
/// <see cref="ExternalBrokerOptions.UseTls"/>). Each failure names its setting as a configuration key.
/// </summary>
/// <param name="prefix">Put before each setting's name, such as <c>CoordinatorOptions:ExternalBroker:</c>; empty by default.</param>
public sealed class ExternalBrokerOptionsValidator(string prefix = "") : IValidateOptions<ExternalBrokerOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ExternalBrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host) || options.Port is < 1 or > 65535)
        {
            problems.Add($"{prefix}{nameof(options.Host)} and {prefix}{nameof(options.Port)} must name a host and a port 1 to 65535, found \"{options.Host}\" and {options.Port}");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            problems.Add($"{prefix}{nameof(options.ClientId)} must not be empty (one per replica)");
        }

        if (options.ReconnectDelay <= TimeSpan.Zero || options.MaxReconnectDelay < options.ReconnectDelay)
        {
            problems.Add($"{prefix}{nameof(options.ReconnectDelay)} must be positive and at most {prefix}{nameof(options.MaxReconnectDelay)}");
        }

        if (options.ReconnectJitter is < 0 or > 1 || double.IsNaN(options.ReconnectJitter))
        {
            problems.Add($"{prefix}{nameof(options.ReconnectJitter)} must be 0 to 1, found {options.ReconnectJitter}");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            problems.Add($"{prefix}{nameof(options.Timeout)} must be positive");
        }

        if (!string.IsNullOrEmpty(options.CaFile))
        {
            if (!options.UseTls)
            {
                problems.Add($"{prefix}{nameof(options.CaFile)} needs {prefix}{nameof(options.UseTls)} (an mqtts:// broker)");
            }

            try
            {
                TlsFiles.ReadTrust(options.CaFile);
            }
            catch (TlsFileException e)
            {
                problems.Add($"{prefix}{nameof(options.CaFile)} {e.Message}");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
