using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Gateway.Ingest;

/// <summary>Several <see cref="IStoredFrameObserver"/>s heard in turn (the local store feed, the bridges).</summary>
/// <param name="observers">The observers; each must return at once.</param>
public sealed class StoredFrameObservers(IReadOnlyList<IStoredFrameObserver> observers) : IStoredFrameObserver
{
    /// <summary>Combines the observers that are there: null when none, the one itself when one.</summary>
    /// <param name="observers">Observers, some of them null.</param>
    /// <returns>The combined observer, or null.</returns>
    public static IStoredFrameObserver? Of(params IStoredFrameObserver?[] observers)
    {
        var present = observers.OfType<IStoredFrameObserver>().ToArray();
        return present.Length switch
        {
            0 => null,
            1 => present[0],
            _ => new StoredFrameObservers(present),
        };
    }

    /// <inheritdoc />
    public void OnStored(DeviceFrame frame)
    {
        foreach (var observer in observers)
        {
            observer.OnStored(frame);
        }
    }

    /// <inheritdoc />
    public void OnStored(DeviceFrame frame, WindowSummary? summary)
    {
        foreach (var observer in observers)
        {
            observer.OnStored(frame, summary);
        }
    }

    /// <inheritdoc />
    public void OnStateStored(string deviceId, bool online)
    {
        foreach (var observer in observers)
        {
            observer.OnStateStored(deviceId, online);
        }
    }
}
