using System.Collections.Concurrent;
using EdgeCompute.Gateway.Ingest;

namespace EdgeCompute.Gateway.DeviceBroker;

/// <summary>
/// One device connection's QoS 1 PUBACKs, in the order MQTTnet will send them, each with the ingest it must wait for
/// (null: decided when the publish was intercepted). MQTTnet reads a connection's publishes one at a time and awaits the
/// publish interceptor before reading the next, so a frame that waited there for its commit held every later frame of
/// the device back; with the wait moved to the PUBACK (the outbound interceptor, on the connection's sending loop), the
/// device's next frames reach the same group commit while the PUBACK still goes only after the commit.
/// </summary>
/// <remarks>
/// Every QoS 1 publish the publish interceptor lets through adds exactly one entry, before MQTTnet queues its PUBACK,
/// and the sending loop sends a connection's PUBACKs in that order, so the n-th PUBACK takes the n-th entry. A new
/// connection gets a new instance (<see cref="DeviceBrokerServer"/> sets it when the device connects).
/// </remarks>
internal sealed class PendingPubAcks
{
    /// <summary>The most PUBACKs of one connection waiting for a commit; past it the receiving loop waits (back pressure).</summary>
    public const int MaxDeferred = 64;

    private readonly ConcurrentQueue<Task<IngestResult>?> _queue = new();
    private int _deferred;

    /// <summary>Gets whether another PUBACK may wait for its commit on the sending loop.</summary>
    public bool HasRoom => Volatile.Read(ref _deferred) < MaxDeferred;

    /// <summary>Adds the next PUBACK's entry: the ingest it waits for, or null when the interceptor already set it.</summary>
    public void Add(Task<IngestResult>? ingest)
    {
        if (ingest is not null)
        {
            Interlocked.Increment(ref _deferred);
        }

        _queue.Enqueue(ingest);
    }

    /// <summary>Takes the entry of the PUBACK about to be sent; false when there is none (not a device publish's PUBACK).</summary>
    public bool TryTake(out Task<IngestResult>? ingest)
    {
        if (!_queue.TryDequeue(out ingest))
        {
            return false;
        }

        if (ingest is not null)
        {
            Interlocked.Decrement(ref _deferred);
        }

        return true;
    }
}
