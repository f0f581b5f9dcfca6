using System.Net;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Service.Monitoring;

/// <summary>Checks <see cref="MonitoringOptions"/> at start; each failure names the setting.</summary>
internal sealed class MonitoringOptionsValidator : IValidateOptions<MonitoringOptions>
{
    public ValidateOptionsResult Validate(string? name, MonitoringOptions options)
    {
        var failures = new List<string>();
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"MonitoringOptions:BindAddress must be an IP address such as 127.0.0.1, found \"{options.BindAddress}\"");
        }

        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"MonitoringOptions:Port must be 0 to 65535, found {options.Port}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
