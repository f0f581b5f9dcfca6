using System.Net.Sockets;
using EdgeCompute.Cli.Fleets;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Runtime;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EdgeCompute.Cli.Coordinator;

/// <summary>
/// Runs a <see cref="CoordinatorNode"/> from the arguments and serves the HTTP API over its stores and engine
/// (<see cref="CoordinatorApiHost"/>) until the command is cancelled (Ctrl+C, SIGTERM: exit 0). Reads only the fleet's
/// <c>coordinator.json</c>; no appsettings.json.
/// </summary>
internal static class CoordinatorRun
{
    /// <summary>How often the running coordinator checks its <c>coordinator.json</c> for changes.</summary>
    public static readonly TimeSpan RegistryCheckInterval = TimeSpan.FromSeconds(5);

    /// <summary>Checks the request, starts the node and the API, and runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="request">What to run.</param>
    /// <param name="context">Output and logging.</param>
    /// <param name="cancellationToken">Stops the coordinator (a normal shutdown).</param>
    /// <returns>0 after a normal shutdown.</returns>
    public static async Task<int> RunAsync(CoordinatorRunRequest request, CliContext context, CancellationToken cancellationToken)
    {
        var registry = RegistryFile.ReadRegistry(request.FleetFolder);
        var operatorToken = await CoordinatorSecrets.OperatorTokenAsync(request.OperatorTokenFile, context, cancellationToken).ConfigureAwait(false);
        var options = await BuildOptionsAsync(request, context, cancellationToken).ConfigureAwait(false);
        await StoreChecks.RefuseDamagedAsync(options, cancellationToken).ConfigureAwait(false);
        using var loggers = LoggerFactory.Create(context.ConfigureLogging);
        CoordinatorNode node;
        try
        {
            node = new CoordinatorNode(options, registry, context.Time, loggers);
        }
        catch (ArgumentException e)
        {
            throw CommandFailedException.Configuration(e.Message);
        }

        await using (node.ConfigureAwait(false))
        {
            await StartNodeAsync(node, request, cancellationToken).ConfigureAwait(false);
            var api = await CoordinatorApiHost.StartAsync(node, request.Http, operatorToken, context, cancellationToken).ConfigureAwait(false);

            // Key rotations, revocations and moved devices in coordinator.json take effect without a restart.
            var watcher = new RegistryFileWatcher(registry, FleetFolder.Open(request.FleetFolder).CoordinatorFile, RegistryCheckInterval, context.Time,
                loggers.CreateLogger<RegistryFileWatcher>());
            await using (watcher.ConfigureAwait(false))
            await using (api.ConfigureAwait(false))
            {
                var broker = request.Broker is { } external ? $"batches from {external.Url} as {request.BrokerUser}" : $"central broker on {request.Listen.Url}";
                await context.Out.WriteLineAsync(
                    $"Coordinator: {broker}, API on {request.Http.Url}/api, stores {node.Stores.Description}, epochs of {Durations.Format(request.EpochLength)} " +
                    $"(now {node.EpochClock.Current.Id}), {registry.Gateways.Count} gateways, {registry.Devices.Count} devices, {registry.Owners.Count} owners. Ctrl+C stops it.").ConfigureAwait(false);
                if (operatorToken is null)
                {
                    await context.Out.WriteLineAsync(
                        $"POST /api/deposits is off (no --operator-token-file or {CoordinatorSecrets.OperatorTokenVariable}); fund owners with 'edgecompute ledger deposit'.").ConfigureAwait(false);
                }

                await WaitForStopAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return ExitCodes.Ok;
    }

    private static async Task<CoordinatorOptions> BuildOptionsAsync(CoordinatorRunRequest request, CliContext context, CancellationToken cancellationToken)
    {
        var epochs = new EpochPolicy { EpochLength = request.EpochLength, EmissionPerEpoch = request.Emission };
        var options = new CoordinatorOptions
        {
            DataFolder = request.Store.DataFolder ?? StoreOptions.DefaultDataFolder,
            PostgresConnectionString = request.Store.PostgresConnectionString,
            Broker = new CentralBrokerOptions { BindAddress = request.Listen.Host, Port = request.Listen.Port },
            Epochs = epochs,

            // Epochs before the first run are never closed: without this the closer would pay every epoch since the genesis (1970).
            Settlement = new EpochSettlementOptions { FirstEpochId = new EpochClock(epochs, context.Time).Current.Id },
        };
        if (request.Broker is { } external)
        {
            options.ExternalBroker = new ExternalBrokerOptions
            {
                Host = external.Host,
                Port = external.Port,
                UserName = request.BrokerUser,
                Password = await CoordinatorSecrets.BrokerPasswordAsync(request.BrokerPasswordFile, context, cancellationToken).ConfigureAwait(false),
                ClientId = $"{request.BrokerUser}-{Environment.ProcessId}",
            };
        }

        return options;
    }

    private static async Task StartNodeAsync(CoordinatorNode node, CoordinatorRunRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await node.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (request.Broker is null)
        {
            throw CommandFailedException.Failure($"--listen {request.Listen.Url}: the central broker cannot listen there ({e.Message}); is another broker or coordinator on that port?");
        }
        catch (Exception e) when (request.Broker is { } external && e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or SocketException)
        {
            throw CommandFailedException.Failure($"--broker {external.Url}: cannot take batches from it: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && request.Store.DataFolder is { } folder)
        {
            throw CommandFailedException.Configuration($"--data: cannot use {folder}: {e.Message}");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && request.Store.PostgresConnectionString is not null && !cancellationToken.IsCancellationRequested)
        {
            throw CommandFailedException.Configuration($"--postgres: cannot use {request.Store.Description}: {e.Message}");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (request.Store.DataFolder is { } folder)
        {
            throw CommandFailedException.Configuration($"--data: cannot use the SQLite files in {folder}: {e.Message}");
        }
    }

    private static async Task WaitForStopAsync(CancellationToken cancellationToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => stopped.TrySetResult()).ConfigureAwait(false))
        {
            await stopped.Task.ConfigureAwait(false);
        }
    }
}
