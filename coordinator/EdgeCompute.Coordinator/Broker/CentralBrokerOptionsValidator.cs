using System.Net;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Tls;
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

        CheckTls(options.Tls, problems);

        // a batch message of the largest size, with its topic, packet id and properties, must fit
        problems.AddRange(options.ToGuardOptions().Validate(prefix, minPacketBytes: ProtocolLimits.MaxBatchMessageBytes + 256));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>With TLS on: the certificate and its key are readable and belong together, the client CA (if any) is a CA certificate.</summary>
    private void CheckTls(CentralBrokerTlsOptions? tls, List<string> problems)
    {
        var section = $"{prefix}{nameof(CentralBrokerOptions.Tls)}:";
        if (tls is null)
        {
            return;
        }

        if (!tls.Enabled)
        {
            if (!string.IsNullOrEmpty(tls.CertificateFile) || !string.IsNullOrEmpty(tls.KeyFile) || !string.IsNullOrEmpty(tls.ClientCaFile))
            {
                problems.Add($"{section}{nameof(tls.CertificateFile)}, {nameof(tls.KeyFile)} and {nameof(tls.ClientCaFile)} need {section}{nameof(tls.Enabled)} (an mqtts:// listener)");
            }

            return;
        }

        if (tls.HandshakeTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{section}{nameof(tls.HandshakeTimeout)} must be positive");
        }

        if (string.IsNullOrEmpty(tls.CertificateFile) || string.IsNullOrEmpty(tls.KeyFile))
        {
            problems.Add($"{section}{nameof(tls.CertificateFile)} and {section}{nameof(tls.KeyFile)} must name the broker's certificate and key (PEM)");
        }
        else
        {
            try
            {
                using var _ = TlsFiles.ReadCertificateWithKey(tls.CertificateFile, tls.KeyFile);
            }
            catch (TlsFileException e)
            {
                problems.Add($"{section}{(e.FilePath == tls.KeyFile ? nameof(tls.KeyFile) : nameof(tls.CertificateFile))} {e.Message}");
            }
        }

        if (!string.IsNullOrEmpty(tls.ClientCaFile))
        {
            try
            {
                TlsFiles.ReadTrust(tls.ClientCaFile);
            }
            catch (TlsFileException e)
            {
                problems.Add($"{section}{nameof(tls.ClientCaFile)} {e.Message}");
            }
        }
    }
}
