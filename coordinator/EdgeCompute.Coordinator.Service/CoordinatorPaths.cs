using EdgeCompute.Coordinator.Runtime;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Coordinator.Service;

/// <summary>Makes the relative paths among the settings relative to the content root (the unit's working directory), not to wherever the process happened to start.</summary>
/// <param name="contentRoot">The host's content root.</param>
internal sealed class CoordinatorPaths(string contentRoot) : IPostConfigureOptions<CoordinatorServiceOptions>, IPostConfigureOptions<CoordinatorOptions>
{
    /// <inheritdoc/>
    public void PostConfigure(string? name, CoordinatorServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.FleetFolder = Full(options.FleetFolder)!;
        options.OperatorTokenFile = Full(options.OperatorTokenFile);
        options.BrokerPasswordFile = Full(options.BrokerPasswordFile);
        options.HttpCertificateFile = Full(options.HttpCertificateFile);
        options.HttpKeyFile = Full(options.HttpKeyFile);
    }

    /// <inheritdoc/>
    public void PostConfigure(string? name, CoordinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DataFolder = Full(options.DataFolder)!;
        if (options.ExternalBroker is { } external)
        {
            external.CaFile = Full(external.CaFile)!;
        }

        if (options.Broker?.Tls is { } tls)
        {
            tls.CertificateFile = Full(tls.CertificateFile)!;
            tls.KeyFile = Full(tls.KeyFile)!;
            tls.ClientCaFile = Full(tls.ClientCaFile)!;
        }
    }

    private string? Full(string? path) => string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(path, contentRoot);
}
