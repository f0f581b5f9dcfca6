using System.Net.Sockets;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Protocol.Hosting;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Service;

/// <summary>
/// Why the gateway service could not start, as one line naming the setting to fix, and the exit code: 78 when a restart
/// cannot help (a broken setting, an address that is not this machine's, a data folder that cannot be written, a damaged
/// outbox), 1 when it may (a port still held by another process, a full disk).
/// </summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Message">What is wrong and what to change.</param>
internal sealed record GatewayStartFailure(int ExitCode, string Message)
{
    private const int Failure = 1;
    private const int Configuration = GatewayServiceExtensions.ConfigurationErrorExitCode;

    /// <summary>Explains <paramref name="exception"/>; null when it is none of the known start failures (a bug).</summary>
    /// <param name="exception">What the host's start threw.</param>
    /// <param name="options">The settings, when they could be read.</param>
    /// <returns>The failure, or null.</returns>
    public static GatewayStartFailure? Describe(Exception exception, GatewayOptions? options)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (SettingValueError.TryFind(exception, out var setting))
        {
            return new(Configuration, setting.Describe($"appsettings.json or {setting.EnvironmentVariable}"));
        }

        var broker = options is null ? "GatewayOptions:DeviceBroker" : $"GatewayOptions:DeviceBroker ({options.DeviceBroker.BindAddress}:{options.DeviceBroker.Port})";
        var folder = options is null ? "GatewayOptions:DataFolder" : $"GatewayOptions:DataFolder ({options.DataFolder})";
        for (var e = exception; e is not null; e = e.InnerException)
        {
            GatewayStartFailure? failure = e switch
            {
                OptionsValidationException validation => new(Configuration, string.Join("; ", validation.Failures)),
                SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse or SocketError.AccessDenied } socket => new(Failure,
                    $"{broker}: the device broker cannot listen: {socket.Message}; stop the other gateway or MQTT broker on that port, or set GatewayOptions:DeviceBroker:Port"),
                SocketException { SocketErrorCode: SocketError.AddressNotAvailable } => new(Configuration,
                    $"{broker}: the bind address is not one of this machine's; set GatewayOptions:DeviceBroker:BindAddress (0.0.0.0 for every interface)"),
                SqliteException { SqliteErrorCode: 11 or 26 } sqlite => new(Configuration,
                    $"{folder}: a database there is damaged ({sqlite.Message}); move the file aside (the gateway starts a new one) or restore it"),
                SqliteException { SqliteErrorCode: 13 } sqlite => new(Failure, $"{folder}: the disk is full ({sqlite.Message})"),
                SqliteException sqlite => new(Configuration, $"{folder}: the outbox cannot be opened there ({sqlite.Message}); the service's user must be able to write it"),
                IOException { HResult: 28 } io => new(Failure, $"{folder}: the disk is full ({io.Message})"),
                IOException or UnauthorizedAccessException => new(Configuration, $"{folder}: cannot write there ({e.Message}); the service's user must be able to create and write it"),
                ProvisioningException provisioning => new(Configuration, $"GatewayOptions:GatewayFile ({options?.GatewayFile}): {provisioning.Message}"),
                EdgeCompute.Protocol.Tls.TlsFileException tls => new(Configuration, $"a TLS file changed since the settings were checked: {tls.Message}; check GatewayOptions:Uplink and GatewayOptions:DeviceBroker:Tls"),
                _ => null,
            };
            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }
}
