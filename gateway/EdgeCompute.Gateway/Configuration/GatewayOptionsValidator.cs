using System.Net;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Configuration;

/// <summary>Checks <see cref="GatewayOptions"/>; every failure message names the setting by its configuration path.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    /// <summary>The smallest outbox accepted: room for a few full device payloads.</summary>
    public const long MinOutboxBytes = 64 * 1024;

    /// <summary>The largest raw batch body accepted: an incompressible batch must still fit one message.</summary>
    public const int MaxBatchBytes = ProtocolLimits.MaxBatchMessageBytes - 1024;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Lists every problem with the options (empty when they are valid).</summary>
    /// <param name="options">The options.</param>
    /// <returns>One message per problem, naming the setting.</returns>
    public static IEnumerable<string> Check(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Root = nameof(GatewayOptions);
        if (string.IsNullOrWhiteSpace(options.GatewayFile))
        {
            yield return $"{Root}:GatewayFile must name the gateway's provisioning file";
        }

        if (string.IsNullOrWhiteSpace(options.DataFolder))
        {
            yield return $"{Root}:DataFolder must name a folder";
        }

        if (!GatewayBirth.IsValidGeohash(options.Geohash))
        {
            yield return $"{Root}:Geohash must be 0 to 12 characters of \"{GatewayBirth.GeohashAlphabet}\", found \"{options.Geohash}\"";
        }

        var broker = options.DeviceBroker ?? new DeviceBrokerOptions();
        const string B = Root + ":DeviceBroker";
        if (!IPAddress.TryParse(broker.BindAddress, out _))
        {
            yield return $"{B}:BindAddress must be an IP address (such as 0.0.0.0 for every interface), found \"{broker.BindAddress}\"";
        }

        if (broker.Port is < 1 or > 65535)
        {
            yield return $"{B}:Port must be 1 to 65535, found {broker.Port}";
        }

        if (broker.MaxPendingMessagesPerClient is < 1 or > 100_000)
        {
            yield return $"{B}:MaxPendingMessagesPerClient must be 1 to 100000, found {broker.MaxPendingMessagesPerClient}";
        }

        if (broker.MaxPayloadBytes is < 64 or > ProtocolLimits.MaxDevicePayloadBytes)
        {
            yield return $"{B}:MaxPayloadBytes must be 64 to {ProtocolLimits.MaxDevicePayloadBytes}, found {broker.MaxPayloadBytes}";
        }

        if (!(broker.RatePerSecond > 0) || broker.RatePerSecond > 100_000)
        {
            yield return $"{B}:RatePerSecond must be above 0 and at most 100000, found {broker.RatePerSecond}";
        }

        if (broker.RateBurst is < 1 or > 1_000_000)
        {
            yield return $"{B}:RateBurst must be 1 to 1000000, found {broker.RateBurst}";
        }

        // a publish of the largest payload, with its topic, packet id and properties, must fit
        foreach (var problem in broker.ToGuardOptions().Validate($"{B}:", minPacketBytes: Math.Max(broker.MaxPayloadBytes, 64) + 256))
        {
            yield return problem;
        }

        var outbox = options.Outbox ?? new OutboxOptions();
        const string O = Root + ":Outbox";
        if (string.IsNullOrWhiteSpace(outbox.FileName) || outbox.FileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            yield return $"{O}:FileName must be a plain file name, found \"{outbox.FileName}\"";
        }

        if (outbox.MaxBytes < MinOutboxBytes)
        {
            yield return $"{O}:MaxBytes must be at least {MinOutboxBytes}, found {outbox.MaxBytes}";
        }

        if (!(outbox.FreeSpaceShare > 0 && outbox.FreeSpaceShare <= 1))
        {
            yield return $"{O}:FreeSpaceShare must be above 0 and at most 1, found {outbox.FreeSpaceShare}";
        }

        if (outbox.ReserveBytes is < 0 or > 1L << 30)
        {
            yield return $"{O}:ReserveBytes must be 0 to {1L << 30}, found {outbox.ReserveBytes}";
        }

        if (outbox.MaxGroupSize is < 1 or > 100_000)
        {
            yield return $"{O}:MaxGroupSize must be 1 to 100000, found {outbox.MaxGroupSize}";
        }

        if (outbox.CommitTimeout <= TimeSpan.Zero)
        {
            yield return $"{O}:CommitTimeout must be positive, found {outbox.CommitTimeout}";
        }

        var batching = options.Batching ?? new BatchingOptions();
        const string T = Root + ":Batching";
        if (batching.MaxBytes < ProtocolLimits.MaxDevicePayloadBytes + 64 || batching.MaxBytes > MaxBatchBytes)
        {
            yield return $"{T}:MaxBytes must be {ProtocolLimits.MaxDevicePayloadBytes + 64} to {MaxBatchBytes}, found {batching.MaxBytes}";
        }

        if (batching.MaxItems is < 1 or > ProtocolLimits.MaxBatchItems)
        {
            yield return $"{T}:MaxItems must be 1 to {ProtocolLimits.MaxBatchItems}, found {batching.MaxItems}";
        }

        if (batching.MaxAge <= TimeSpan.Zero || batching.MaxAge > TimeSpan.FromMinutes(10))
        {
            yield return $"{T}:MaxAge must be above 0 and at most 10 minutes, found {batching.MaxAge}";
        }

        if (batching.MaxUnackedBatches is < 1 or > ProtocolLimits.MaxAckSeqs)
        {
            yield return $"{T}:MaxUnackedBatches must be 1 to {ProtocolLimits.MaxAckSeqs}, found {batching.MaxUnackedBatches}";
        }

        if (batching.StatusInterval <= TimeSpan.Zero)
        {
            yield return $"{T}:StatusInterval must be positive, found {batching.StatusInterval}";
        }

        var uplink = options.Uplink ?? new UplinkOptions();
        const string U = Root + ":Uplink";
        if (!BrokerAddress.TryParse(uplink.BrokerUrl, uplink.UseTls, out _))
        {
            yield return $"{U}:BrokerUrl must be mqtt://host:port or mqtts://host:port, found \"{uplink.BrokerUrl}\"";
        }

        if (uplink.OperationTimeout <= TimeSpan.Zero)
        {
            yield return $"{U}:OperationTimeout must be positive, found {uplink.OperationTimeout}";
        }

        if (uplink.ResendTimeout <= TimeSpan.Zero)
        {
            yield return $"{U}:ResendTimeout must be positive, found {uplink.ResendTimeout}";
        }

        if (uplink.BackoffInitial <= TimeSpan.Zero)
        {
            yield return $"{U}:BackoffInitial must be positive, found {uplink.BackoffInitial}";
        }

        if (uplink.BackoffMax < uplink.BackoffInitial)
        {
            yield return $"{U}:BackoffMax must be at least BackoffInitial ({uplink.BackoffInitial}), found {uplink.BackoffMax}";
        }

        if (!(uplink.BackoffJitter >= 0 && uplink.BackoffJitter <= 1))
        {
            yield return $"{U}:BackoffJitter must be 0 to 1, found {uplink.BackoffJitter}";
        }

        if (uplink.KeepAlive < TimeSpan.FromSeconds(1))
        {
            yield return $"{U}:KeepAlive must be at least 1 s, found {uplink.KeepAlive}";
        }

        foreach (var failure in CheckLocalStore(options.LocalStore ?? new LocalDataOptions()).Concat(CheckWasm(options.Wasm ?? new WasmOptions())).Concat(GatewayTlsValidator.Check(options)))
        {
            yield return failure;
        }
    }

    private static IEnumerable<string> CheckLocalStore(LocalDataOptions local)
    {
        const string L = nameof(GatewayOptions) + ":LocalStore";
        if (!local.Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(local.FileName) || local.FileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            yield return $"{L}:FileName must be a plain file name, found \"{local.FileName}\"";
        }

        if (local.Retention <= TimeSpan.Zero)
        {
            yield return $"{L}:Retention must be positive, found {local.Retention}";
        }

        if (local.MaxBytes < LocalStore.LocalStoreOptions.MinimumMaxBytes)
        {
            yield return $"{L}:MaxBytes must be at least {LocalStore.LocalStoreOptions.MinimumMaxBytes}, found {local.MaxBytes}";
        }

        if (local.PruneInterval < TimeSpan.FromSeconds(1))
        {
            yield return $"{L}:PruneInterval must be at least 1 s, found {local.PruneInterval}";
        }
    }

    private static IEnumerable<string> CheckWasm(WasmOptions wasm)
    {
        const string W = nameof(GatewayOptions) + ":Wasm";
        if (!wasm.Enabled)
        {
            yield break;
        }

        if (wasm.MaxConcurrency is < 0 or > 1024)
        {
            yield return $"{W}:MaxConcurrency must be 0 (the idle cores) to 1024, found {wasm.MaxConcurrency}";
        }

        if (wasm.QueueCapacity is < 1 or > 100_000)
        {
            yield return $"{W}:QueueCapacity must be 1 to 100000, found {wasm.QueueCapacity}";
        }

        if (wasm.ModuleCacheCapacity is < 1 or > 10_000)
        {
            yield return $"{W}:ModuleCacheCapacity must be 1 to 10000, found {wasm.ModuleCacheCapacity}";
        }

        if (wasm.MaxMemoryBytes < (long)WasmParameters.MinMemoryBytes || wasm.MaxMemoryBytes > (long)WasmParameters.MaxMemoryBytes)
        {
            yield return $"{W}:MaxMemoryBytes must be {WasmParameters.MinMemoryBytes} to {WasmParameters.MaxMemoryBytes}, found {wasm.MaxMemoryBytes}";
        }

        if (wasm.MaxDeadline <= TimeSpan.Zero)
        {
            yield return $"{W}:MaxDeadline must be positive, found {wasm.MaxDeadline}";
        }

        foreach (var problem in BlobOptionsCheck.Check(wasm))
        {
            yield return problem;
        }
    }
}
