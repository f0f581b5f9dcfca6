using EdgeCompute.Protocol.Provisioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCompute.Coordinator.Registry;

/// <summary>
/// Keeps a running coordinator's <see cref="FleetRegistry"/> in step with its <c>coordinator.json</c>: a key rotated, a
/// device or gateway revoked (removed from the file), or a device moved to another gateway takes effect at the next
/// check, without a restart. The file is checked every <c>interval</c> (its write time and length) and whenever
/// <see cref="CheckNow"/> is called (e.g. on SIGHUP). A file that does not read or validate is rejected as a whole —
/// logged and counted — and the registry keeps what it had: a half-written or broken file never takes a fleet offline.
/// </summary>
public sealed class RegistryFileWatcher : IAsyncDisposable
{
    private readonly FleetRegistry _registry;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private (DateTime WriteTime, long Length)? _seen;

    /// <summary>Starts watching (the current file is taken as already loaded).</summary>
    /// <param name="registry">The registry to keep current.</param>
    /// <param name="path">Path of <c>coordinator.json</c>.</param>
    /// <param name="interval">How often the file is checked (at least 100 ms).</param>
    /// <param name="time">The clock of the periodic check.</param>
    /// <param name="logger">The logger.</param>
    public RegistryFileWatcher(FleetRegistry registry, string path, TimeSpan interval, TimeProvider? time = null, ILogger<RegistryFileWatcher>? logger = null)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _path = path ?? throw new ArgumentNullException(nameof(path));
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromMilliseconds(100));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _seen = Stamp();
        _loop = RunAsync(interval, time ?? TimeProvider.System, _stop.Token);
    }

    /// <summary>Gets how many times the file was reloaded.</summary>
    public long Reloads { get; private set; }

    /// <summary>Gets how many changed files were rejected.</summary>
    public long Rejections { get; private set; }

    /// <summary>Checks the file now and reloads it when it changed.</summary>
    /// <returns>What the check did.</returns>
    public RegistryReload CheckNow()
    {
        lock (_gate)
        {
            var stamp = Stamp();
            if (stamp == _seen)
            {
                return RegistryReload.Unchanged;
            }

            _seen = stamp;
            try
            {
                var contents = FleetFiles.ReadCoordinator(_path);
                _registry.Reload(contents);
                Reloads++;
                _logger.LogInformation("Registry reloaded from {Path}: {Owners} owners, {Gateways} gateways, {Devices} devices",
                    _path, contents.Owners.Count, contents.Gateways.Count, contents.Devices.Count);
                return RegistryReload.Reloaded;
            }
            catch (Exception e) when (e is ProvisioningException or IOException or UnauthorizedAccessException or FormatException or ArgumentException
                or System.Security.Cryptography.CryptographicException)
            {
                Rejections++;
                _logger.LogError("Registry file {Path} changed but was rejected; the coordinator keeps the registry it has: {Reason}", _path, e.Message);
                return RegistryReload.Rejected;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            CheckNow();
        }
    }

    private (DateTime, long)? Stamp()
    {
        var file = new FileInfo(_path);
        return file.Exists ? (file.LastWriteTimeUtc, file.Length) : null;
    }
}
