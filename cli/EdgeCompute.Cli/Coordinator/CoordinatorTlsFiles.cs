using EdgeCompute.Cli.Endpoints;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Cli.Tls;
using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Service;

namespace EdgeCompute.Cli.Coordinator;

/// <summary>The certificate files of <c>edgecompute coordinator</c>: the fleet CA, and the server certificate of its TLS listeners.</summary>
/// <param name="Ca">--ca: the CA the external broker's certificate must chain to (<c>--broker mqtts://</c>).</param>
internal sealed record CoordinatorTlsFiles(FileInfo? Ca)
{
    /// <summary>Checks the options against the addresses and reads every file once, so a wrong one stops the command with its option named.</summary>
    /// <param name="broker">--broker, when given.</param>
    /// <exception cref="CommandFailedException">A usage mistake (exit 2) or a file that cannot be used (exit 78).</exception>
    public void Check(Endpoint? broker)
    {
        if (Ca is not null && broker is not { UsesTls: true })
        {
            throw CommandFailedException.Usage($"--ca needs --broker mqtts://{(broker is null ? "" : $", not {broker.Url}")}");
        }

        if (Ca is not null)
        {
            _ = TlsFileOptions.ReadTrust(Ca);
        }
    }

    /// <summary>Adds the settings to the coordinator's configuration.</summary>
    /// <param name="settings">The configuration entries.</param>
    /// <param name="broker">--broker, when given.</param>
    public void AddTo(IDictionary<string, string?> settings, Endpoint? broker)
    {
        ArgumentNullException.ThrowIfNull(settings);
        const string X = CoordinatorServiceExtensions.CoordinatorSection + ":" + nameof(CoordinatorOptions.ExternalBroker) + ":";
        if (broker is { UsesTls: true })
        {
            settings[X + nameof(ExternalBrokerOptions.UseTls)] = "true";
            if (Ca is not null)
            {
                settings[X + nameof(ExternalBrokerOptions.CaFile)] = Ca.FullName;
            }
        }
    }
}
