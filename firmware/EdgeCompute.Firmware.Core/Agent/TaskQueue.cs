using System;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Kernels.Crypto;
using EdgeCompute.Firmware.Core.Frames;

namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>
/// A fixed number of reusable <see cref="TaskAssignment"/> slots, first in first out. Messages are decoded
/// straight into a free slot, checked against the device id, and hashed (SHA-256 of the exact bytes, for the
/// result MAC). <see cref="TryAdd"/> may run on the transport's receive thread while the agent runs the head.
/// </summary>
public sealed class TaskQueue
{
    private readonly object _lock = new object();
    private readonly TaskAssignment[] _slots;
    private readonly TaskAssignmentReader _reader = new TaskAssignmentReader();
    private readonly string _deviceId;
    private int _head;
    private int _count;
    private long _accepted;
    private long _rejected;
    private int _lastError;
    private long _duplicates;
    private readonly byte[][] _recentHashes = new byte[RecentCompleted][];
    private int _recentNext;
    private int _recentCount;

    /// <summary>How many completed assignments are remembered, so a QoS 1 redelivery of one is not run twice.</summary>
    public const int RecentCompleted = 4;

    /// <summary>Creates an empty queue for one device.</summary>
    /// <param name="deviceId">Assignments for any other device are rejected.</param>
    /// <param name="capacity">How many assignments may wait (including the one running), at least 1.</param>
    public TaskQueue(string deviceId, int capacity)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity));
        }

        _deviceId = deviceId ?? throw new ArgumentNullException(nameof(deviceId));
        _slots = new TaskAssignment[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _slots[i] = new TaskAssignment();
        }

        for (var i = 0; i < RecentCompleted; i++)
        {
            _recentHashes[i] = new byte[Sha256.HashSize];
        }
    }

    /// <summary>Gets how many assignments wait or run.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Gets how many assignments were queued.</summary>
    public long Accepted
    {
        get { return _accepted; }
    }

    /// <summary>Gets how many messages were rejected: malformed, for another device, too large, or queue full.</summary>
    public long Rejected
    {
        get { return _rejected; }
    }

    /// <summary>Assignments received again (MQTT QoS 1 redelivery) while pending or just completed; ignored, not rerun.</summary>
    public long Duplicates
    {
        get { return _duplicates; }
    }

    /// <summary>Gets the <see cref="CborError"/> code of the last rejection (<see cref="CborError.TooLong"/> for a full queue, <see cref="CborError.InvalidValue"/> for another device).</summary>
    public int LastError
    {
        get { return _lastError; }
    }

    /// <summary>Decodes a task message into a free slot.</summary>
    /// <param name="payload">The buffer holding the message (not kept after the call).</param>
    /// <param name="offset">The message's first byte.</param>
    /// <param name="count">The message's length.</param>
    /// <returns>Whether the assignment was queued, or recognised as a redelivery of one pending or just completed (counted in <see cref="Duplicates"/>).</returns>
    public bool TryAdd(byte[] payload, int offset, int count)
    {
        if (payload == null || offset < 0 || count < 0 || offset > payload.Length - count)
        {
            throw new ArgumentException("payload range invalid", nameof(payload));
        }

        lock (_lock)
        {
            if (_count == _slots.Length)
            {
                return Reject(CborError.TooLong);
            }

            var slot = _slots[(_head + _count) % _slots.Length];
            var error = _reader.Read(payload, offset, count, slot);
            if (error != CborError.None)
            {
                return Reject(error);
            }

            if (slot.DeviceId != _deviceId)
            {
                return Reject(CborError.InvalidValue);
            }

            Sha256.Hash(payload, offset, count, slot.AssignmentHash, 0);
            if (IsKnown(slot.AssignmentHash))
            {
                _duplicates++;
                return true;
            }

            slot.Source = null;
            _count++;
            _accepted++;
            return true;
        }
    }

    /// <summary>Returns the oldest assignment without removing it; its slot is not reused until <see cref="RemoveHead"/>.</summary>
    /// <returns>The head, or null when the queue is empty.</returns>
    public TaskAssignment? PeekHead()
    {
        lock (_lock)
        {
            return _count == 0 ? null : _slots[_head];
        }
    }

    /// <summary>Frees the head slot after its result was sealed.</summary>
    public void RemoveHead()
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                return;
            }

            Array.Copy(_slots[_head].AssignmentHash, 0, _recentHashes[_recentNext], 0, Sha256.HashSize);
            _recentNext = (_recentNext + 1) % RecentCompleted;
            if (_recentCount < RecentCompleted)
            {
                _recentCount++;
            }

            _head = (_head + 1) % _slots.Length;
            _count--;
        }
    }

    private bool IsKnown(byte[] hash)
    {
        for (var i = 0; i < _count; i++)
        {
            if (HmacSha256.FixedTimeEquals(_slots[(_head + i) % _slots.Length].AssignmentHash, 0, hash, 0, Sha256.HashSize))
            {
                return true;
            }
        }

        for (var i = 0; i < _recentCount; i++)
        {
            if (HmacSha256.FixedTimeEquals(_recentHashes[i], 0, hash, 0, Sha256.HashSize))
            {
                return true;
            }
        }

        return false;
    }

    private bool Reject(int error)
    {
        _rejected++;
        _lastError = error;
        return false;
    }
}
