using System.Net;
using EdgeCompute.Protocol.Decoding;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Coordinator.Broker;

/// <summary>Checks <see cref="CentralBrokerOptions"/>: the bind address and port, the queue bound and the guard's limits; each failure names its setting.</summary>
/// <param name="prefix">Put before each setting's name, such as <c>CoordinatorOptions:Broker:</c>; empty by default.</param>
public sealed class CentralBrokerOptionsValidator(string prefix = "") : IValidateOptions<CentralBrokerOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, CentralBrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            problems.Add($"{prefix}{nameof(options.BindAddress)} must be an IP address, found \"{options.BindAddress}\"");
        }

        if (options.Port is < 0 or > 65535)
        {
            problems.Add($"{prefix}{nameof(options.Port)} must be 0 to 65535, found {options.Port}");
        }

        if (options.MaxPendingMessagesPerClient is < 1 or > 1_000_000)
        {
            problems.Add($"{prefix}{nameof(options.MaxPendingMessagesPerClient)} must be 1 to 1000000, found {options.MaxPendingMessagesPerClient}");
        }

        // a batch message of the largest size, with its topic, packet id and properties, must fit
        problems.AddRange(options.ToGuardOptions().Validate(prefix, minPacketBytes: ProtocolLimits.MaxBatchMessageBytes + 256));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
