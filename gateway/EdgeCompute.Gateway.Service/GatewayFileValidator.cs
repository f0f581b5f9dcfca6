using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Service;

/// <summary>Checks at start that <see cref="GatewayOptions.GatewayFile"/> names a readable, valid gateway file; the message names the setting.</summary>
internal sealed class GatewayFileValidator : IValidateOptions<GatewayOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.GatewayFile))
        {
            return ValidateOptionsResult.Skip; // GatewayOptionsValidator reports the empty setting
        }

        try
        {
            FleetFiles.ReadGateway(options.GatewayFile);
            return ValidateOptionsResult.Success;
        }
        catch (ProvisioningException e)
        {
            return ValidateOptionsResult.Fail($"{nameof(GatewayOptions)}:GatewayFile \"{options.GatewayFile}\" cannot be used: {e.Message}");
        }
    }
}
