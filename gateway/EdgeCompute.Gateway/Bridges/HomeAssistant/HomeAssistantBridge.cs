using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Bridges.HomeAssistant;

/// <summary>
/// Announces the gateway's devices and own sensors to Home Assistant by MQTT discovery and keeps their states: one
/// retained config per channel (<see cref="HomeAssistantDiscovery"/>), the channel's latest stored window summary as
/// its state, each device's stored <c>online</c>/<c>offline</c> state as its availability, the bridge's own
/// availability as its will. On every new session it announces every entity it knows and removes (empty retained
/// config) the entities of devices that are no longer in the gateway file.
/// </summary>
public sealed class HomeAssistantBridge : MqttBridge
{
    private readonly HomeAssistantOptions _options;
    private HomeAssistantDiscovery? _discovery;
    private HomeAssistantLedger? _ledger;

    /// <summary>Creates the bridge (not started).</summary>
    /// <param name="options">Its validated options.</param>
    public HomeAssistantBridge(IOptions<HomeAssistantOptions> options)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    /// <summary>Creates the bridge (not started).</summary>
    /// <param name="options">Its validated options.</param>
    public HomeAssistantBridge(HomeAssistantOptions options)
        : base("home-assistant", options?.Enabled ?? false, options?.Broker)
    {
        _options = options!;
    }

    /// <summary>Gets how many entities were removed because their device left the gateway file.</summary>
    public int EntitiesRemoved { get; private set; }

    private HomeAssistantDiscovery Discovery => _discovery!;

    private HomeAssistantLedger Ledger => _ledger!;

    /// <inheritdoc />
    protected override void OnStarting()
    {
        _discovery = new HomeAssistantDiscovery(_options, Context.GatewayId, Context.SoftwareVersion);
        _ledger = HomeAssistantLedger.Open(Context.DataFolder);
    }

    /// <inheritdoc />
    protected override BridgeWill NextWill() =>
        new(Discovery.BridgeAvailabilityTopic, Encoding.UTF8.GetBytes(HomeAssistantDiscovery.Offline), Retain: true, AtLeastOnce: true);

    /// <inheritdoc />
    protected override async Task<bool> OnConnectedAsync(CancellationToken cancellationToken)
    {
        if (!await PublishAsync(Discovery.BridgeAvailabilityTopic, Encoding.UTF8.GetBytes(HomeAssistantDiscovery.Online), retain: true, atLeastOnce: true, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var fleet = new HashSet<string>(Context.Devices, StringComparer.Ordinal) { Context.GatewayId };
        var gone = Ledger.Entities.Values.Where(e => !fleet.Contains(e.Source)).ToList();
        foreach (var entity in gone)
        {
            // An empty retained config is Home Assistant's way to remove an entity; the state is cleared too.
            if (!await PublishAsync(Discovery.ConfigTopic(entity.Source, entity.Channel), ReadOnlyMemory<byte>.Empty, retain: true, atLeastOnce: true, cancellationToken).ConfigureAwait(false)
                || !await PublishAsync(Discovery.StateTopic(entity.Source, entity.Channel), ReadOnlyMemory<byte>.Empty, retain: true, atLeastOnce: true, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            Ledger.Entities.Remove((entity.Source, entity.Channel));
            EntitiesRemoved++;
            Logger.LogInformation("Home Assistant: removed entity {Source}/{Channel}: {Source} is no longer attached to this gateway", entity.Source, entity.Channel, entity.Source);
        }

        foreach (var source in gone.Select(e => e.Source).Distinct())
        {
            Ledger.Devices.Remove(source);
            await PublishAsync(Discovery.AvailabilityTopic(source), ReadOnlyMemory<byte>.Empty, retain: true, atLeastOnce: true, cancellationToken).ConfigureAwait(false);
        }

        if (gone.Count > 0)
        {
            SaveLedger();
        }

        foreach (var entity in Ledger.Entities.Values)
        {
            if (!await AnnounceAsync(entity, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    protected override async Task HandleAsync(BridgeEvent bridgeEvent, CancellationToken cancellationToken)
    {
        switch (bridgeEvent)
        {
            case WindowStored { Summary: { } window }:
                var changed = false;
                foreach (var channel in window.Channels)
                {
                    var entity = new HomeAssistantEntity(window.SourceId, channel.Channel, channel.Unit, channel.Exponent);
                    if (!Ledger.Entities.TryGetValue((entity.Source, entity.Channel), out var known) || known != entity)
                    {
                        Ledger.Entities[(entity.Source, entity.Channel)] = entity;
                        changed = true;
                        await AnnounceAsync(entity, cancellationToken).ConfigureAwait(false);
                    }

                    await PublishAsync(Discovery.StateTopic(entity.Source, entity.Channel), HomeAssistantDiscovery.State(window, channel), retain: true, atLeastOnce: false, cancellationToken).ConfigureAwait(false);
                }

                if (changed)
                {
                    SaveLedger();
                }

                break;

            case DeviceStateStored state:
                var payload = state.Online ? HomeAssistantDiscovery.Online : HomeAssistantDiscovery.Offline;
                await PublishAsync(Discovery.AvailabilityTopic(state.DeviceId), Encoding.UTF8.GetBytes(payload), retain: true, atLeastOnce: true, cancellationToken).ConfigureAwait(false);
                break;

            case DeviceBirthStored birth:
                var device = new HomeAssistantDevice(string.IsNullOrEmpty(birth.Birth.Platform) ? HomeAssistantDevice.Unknown.Model : birth.Birth.Platform, birth.Birth.FirmwareVersion);
                if (Ledger.DeviceOf(birth.DeviceId) != device)
                {
                    Ledger.Devices[birth.DeviceId] = device;
                    SaveLedger();
                    foreach (var entity in Ledger.Entities.Values.Where(e => e.Source == birth.DeviceId).ToList())
                    {
                        await AnnounceAsync(entity, cancellationToken).ConfigureAwait(false);
                    }
                }

                break;
        }
    }

    /// <inheritdoc />
    protected override async Task OnStoppingAsync(CancellationToken cancellationToken) =>
        await PublishAsync(Discovery.BridgeAvailabilityTopic, Encoding.UTF8.GetBytes(HomeAssistantDiscovery.Offline), retain: true, atLeastOnce: true, cancellationToken).ConfigureAwait(false);

    private Task<bool> AnnounceAsync(HomeAssistantEntity entity, CancellationToken cancellationToken) =>
        PublishAsync(Discovery.ConfigTopic(entity.Source, entity.Channel), Discovery.Config(entity, Ledger.DeviceOf(entity.Source)), retain: true, atLeastOnce: true, cancellationToken);

    private void SaveLedger()
    {
        try
        {
            Ledger.Save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only the removal of stale entities after a restart depends on it; the bridge carries on.
            Logger.LogWarning(e, "Home Assistant: could not write {File}", HomeAssistantLedger.FileName);
        }
    }
}
