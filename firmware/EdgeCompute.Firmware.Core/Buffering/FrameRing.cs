using System;

namespace EdgeCompute.Firmware.Core.Buffering;

/// <summary>
/// The device's store-and-forward queue: encoded frames, oldest first, in one preallocated byte array of a
/// fixed capacity. Frames wait here while the broker is unreachable and leave only after a successful publish.
/// </summary>
/// <remarks>
/// <para>When a new frame does not fit, the oldest <em>telemetry</em> frames are evicted until it does, and
/// counted in <see cref="DroppedFrames"/> and <see cref="DroppedReadings"/>. Results are never evicted: they
/// carry paid work. If the room cannot be made because results fill the ring, nothing is evicted and the new
/// frame is refused: a telemetry frame is then lost (counted as dropped), a result is counted in
/// <see cref="RefusedResults"/> and stays with the caller, who retries later.</para>
/// <para>The oldest frame can be held while it is being sent (<see cref="BeginSend"/>): until
/// <see cref="EndSend"/> it is not evicted (like a result), so a frame whose PUBACK is awaited is never lost and the
/// frame removed by <see cref="EndSend"/> is always the one that was sent.</para>
/// <para>Each record is a 9-byte header (u32 length, u8 flags, u32 readings) and the frame bytes; records wrap
/// around the end of the array. Enqueue, copy and dequeue allocate nothing. Not thread-safe: the caller locks.</para>
/// <para>A board preallocates the whole ring (<see cref="FrameRing(int)"/>). A ring may instead start smaller and grow
/// (<see cref="FrameRing(int, int)"/>): its array doubles, up to the capacity, when a frame does not fit in it, and never
/// shrinks. What is stored, evicted and refused depends on the capacity alone; only the growth allocates. The simulator
/// runs thousands of agents whose rings seldom hold more than a frame or two.</para>
/// </remarks>
public sealed class FrameRing
{
    /// <summary>Bytes of bookkeeping stored with every frame.</summary>
    public const int RecordHeaderSize = 9;

    private const byte ResultFlag = 1;

    private readonly int _capacity;
    private byte[] _buffer;
    private int _head;
    private int _used;
    private int _count;
    private int _resultCount;
    private int _telemetryBytes;
    private bool _headInFlight;
    private long _droppedFrames;
    private long _droppedReadings;
    private long _refusedResults;

    /// <summary>Creates an empty ring that holds at most <paramref name="capacityBytes"/> bytes of records.</summary>
    /// <param name="capacityBytes">The ring's size; each frame takes its length plus <see cref="RecordHeaderSize"/>.</param>
    public FrameRing(int capacityBytes)
        : this(capacityBytes, capacityBytes)
    {
    }

    /// <summary>
    /// Creates an empty ring that holds at most <paramref name="capacityBytes"/> bytes of records in an array of
    /// <paramref name="initialBytes"/> that grows when needed.
    /// </summary>
    /// <param name="capacityBytes">The ring's size; each frame takes its length plus <see cref="RecordHeaderSize"/>.</param>
    /// <param name="initialBytes">The array's first size, more than <see cref="RecordHeaderSize"/> and at most <paramref name="capacityBytes"/>.</param>
    public FrameRing(int capacityBytes, int initialBytes)
    {
        if (capacityBytes <= RecordHeaderSize)
        {
            throw new ArgumentOutOfRangeException(nameof(capacityBytes), "ring too small");
        }

        if (initialBytes <= RecordHeaderSize || initialBytes > capacityBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(initialBytes), "initial size outside 10..capacity");
        }

        _capacity = capacityBytes;
        _buffer = new byte[initialBytes];
    }

    /// <summary>Gets the ring's size in bytes.</summary>
    public int Capacity
    {
        get { return _capacity; }
    }

    /// <summary>Gets the bytes of the array that holds the records now: the capacity when preallocated, less while a growing ring is small.</summary>
    public int AllocatedBytes
    {
        get { return _buffer.Length; }
    }

    /// <summary>Gets the bytes taken by stored records (frames plus headers).</summary>
    public int UsedBytes
    {
        get { return _used; }
    }

    /// <summary>Gets the bytes still free.</summary>
    public int FreeBytes
    {
        get { return _capacity - _used; }
    }

    /// <summary>Gets how many frames are stored.</summary>
    public int Count
    {
        get { return _count; }
    }

    /// <summary>Gets how many of the stored frames are results.</summary>
    public int ResultCount
    {
        get { return _resultCount; }
    }

    /// <summary>Gets whether no frame is stored.</summary>
    public bool IsEmpty
    {
        get { return _count == 0; }
    }

    /// <summary>Gets how many telemetry frames were lost: evicted to make room, or refused for lack of it.</summary>
    public long DroppedFrames
    {
        get { return _droppedFrames; }
    }

    /// <summary>Gets the readings (raw samples of one channel) those lost telemetry frames accounted for.</summary>
    public long DroppedReadings
    {
        get { return _droppedReadings; }
    }

    /// <summary>Gets how many times a result was refused because results already fill the ring.</summary>
    public long RefusedResults
    {
        get { return _refusedResults; }
    }

    /// <summary>Gets whether the oldest frame is being sent (between <see cref="BeginSend"/> and <see cref="EndSend"/>).</summary>
    public bool IsSending
    {
        get { return _headInFlight; }
    }

    /// <summary>Gets the length of the oldest frame, or 0 when the ring is empty.</summary>
    public int PeekLength
    {
        get { return _count == 0 ? 0 : ReadInt32(_head); }
    }

    /// <summary>Gets whether the oldest frame is a result (false when empty).</summary>
    public bool PeekIsResult
    {
        get { return _count != 0 && (_buffer[Wrap(_head + 4)] & ResultFlag) != 0; }
    }

    /// <summary>Gets how many readings the oldest frame accounts for (0 when empty).</summary>
    public int PeekReadings
    {
        get { return _count == 0 ? 0 : ReadInt32(_head + 5); }
    }

    /// <summary>
    /// Stores a copy of a frame at the tail, evicting the oldest telemetry frames if it does not fit otherwise.
    /// </summary>
    /// <param name="frame">The buffer holding the encoded frame.</param>
    /// <param name="offset">The frame's first byte.</param>
    /// <param name="count">The frame's length, at least 1.</param>
    /// <param name="isResult">Whether the frame is a result (never evicted).</param>
    /// <param name="readings">How many readings a telemetry frame accounts for (0 for results).</param>
    /// <returns>Whether the frame was stored; when false it was counted as dropped or refused.</returns>
    public bool Enqueue(byte[] frame, int offset, int count, bool isResult, int readings)
    {
        if (frame == null)
        {
            throw new ArgumentNullException(nameof(frame));
        }

        if (count < 1 || offset < 0 || offset > frame.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "offset/count outside frame");
        }

        if (readings < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(readings));
        }

        var need = RecordHeaderSize + count;
        var free = _capacity - _used;
        if (need > _capacity || (need > free && need > free + _telemetryBytes))
        {
            Refuse(isResult, readings);
            return false;
        }

        while (need > _capacity - _used)
        {
            EvictOldestTelemetry();
        }

        if (need > _buffer.Length - _used)
        {
            Grow(_used + need);
        }

        var tail = Wrap(_head + _used);
        WriteInt32(tail, count);
        _buffer[Wrap(tail + 4)] = isResult ? ResultFlag : (byte)0;
        WriteInt32(tail + 5, readings);
        CopyIn(frame, offset, Wrap(tail + RecordHeaderSize), count);

        _used += need;
        _count++;
        if (isResult)
        {
            _resultCount++;
        }
        else
        {
            _telemetryBytes += need;
        }

        return true;
    }

    /// <summary>Copies the oldest frame into <paramref name="destination"/> without removing it.</summary>
    /// <param name="destination">The buffer to copy into.</param>
    /// <param name="destinationOffset">Where the frame's first byte goes.</param>
    /// <returns>The frame's length, or 0 when the ring is empty.</returns>
    /// <exception cref="ArgumentException">The frame does not fit in <paramref name="destination"/>.</exception>
    public int CopyOldest(byte[] destination, int destinationOffset)
    {
        if (destination == null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        if (_count == 0)
        {
            return 0;
        }

        var length = ReadInt32(_head);
        if (destinationOffset < 0 || destinationOffset > destination.Length - length)
        {
            throw new ArgumentException("frame does not fit", nameof(destination));
        }

        var source = Wrap(_head + RecordHeaderSize);
        var first = _buffer.Length - source;
        if (first >= length)
        {
            Array.Copy(_buffer, source, destination, destinationOffset, length);
        }
        else
        {
            Array.Copy(_buffer, source, destination, destinationOffset, first);
            Array.Copy(_buffer, 0, destination, destinationOffset + first, length - first);
        }

        return length;
    }

    /// <summary>
    /// Copies the oldest frame into <paramref name="destination"/> and holds it until <see cref="EndSend"/>: while
    /// held it is not evicted, and it stays the oldest frame.
    /// </summary>
    /// <param name="destination">The buffer to copy into.</param>
    /// <param name="destinationOffset">Where the frame's first byte goes.</param>
    /// <returns>The frame's length, or 0 when the ring is empty or a frame is already being sent.</returns>
    /// <exception cref="ArgumentException">The frame does not fit in <paramref name="destination"/>.</exception>
    public int BeginSend(byte[] destination, int destinationOffset)
    {
        if (_count == 0 || _headInFlight)
        {
            return 0;
        }

        var length = CopyOldest(destination, destinationOffset);
        _headInFlight = true;
        if (!PeekIsResult)
        {
            _telemetryBytes -= RecordHeaderSize + length;
        }

        return length;
    }

    /// <summary>Ends the send begun by <see cref="BeginSend"/>: removes the frame when it was delivered, releases it otherwise.</summary>
    /// <param name="delivered">Whether the broker accepted the frame.</param>
    public void EndSend(bool delivered)
    {
        if (!_headInFlight)
        {
            return;
        }

        if (delivered)
        {
            Dequeue();
            return;
        }

        _headInFlight = false;
        if (!PeekIsResult)
        {
            _telemetryBytes += RecordHeaderSize + ReadInt32(_head);
        }
    }

    /// <summary>Removes the oldest frame (after it was published). Does nothing when the ring is empty.</summary>
    public void Dequeue()
    {
        if (_count == 0)
        {
            return;
        }

        var size = RecordHeaderSize + ReadInt32(_head);
        if (PeekIsResult)
        {
            _resultCount--;
        }
        else if (!_headInFlight)
        {
            _telemetryBytes -= size;
        }

        _headInFlight = false;

        _head = Wrap(_head + size);
        _used -= size;
        _count--;
        if (_count == 0)
        {
            _head = 0;
        }
    }

    /// <summary>Removes every frame; the counters keep their values.</summary>
    public void Clear()
    {
        _head = 0;
        _used = 0;
        _count = 0;
        _resultCount = 0;
        _telemetryBytes = 0;
        _headInFlight = false;
    }

    private void Refuse(bool isResult, int readings)
    {
        if (isResult)
        {
            _refusedResults++;
        }
        else
        {
            _droppedFrames++;
            _droppedReadings += readings;
        }
    }

    // Removes the oldest telemetry record that is not being sent. Results (and the frame being sent) in front of it are
    // moved up by its size, so the remaining records stay contiguous and in order. The caller has checked that one exists.
    private void EvictOldestTelemetry()
    {
        var before = 0;
        var position = _head;
        while (before < _used)
        {
            var size = RecordHeaderSize + ReadInt32(position);
            if ((_buffer[Wrap(position + 4)] & ResultFlag) == 0 && !(before == 0 && _headInFlight))
            {
                _droppedFrames++;
                _droppedReadings += ReadInt32(position + 5);
                for (var i = before - 1; i >= 0; i--)
                {
                    _buffer[Wrap(_head + size + i)] = _buffer[Wrap(_head + i)];
                }

                _head = Wrap(_head + size);
                _used -= size;
                _telemetryBytes -= size;
                _count--;
                return;
            }

            before += size;
            position = Wrap(position + size);
        }

        throw new InvalidOperationException("no telemetry to evict");
    }

    // Moves the records into an array of at least `needed` bytes (doubling, up to the capacity), oldest at 0.
    private void Grow(int needed)
    {
        var size = _buffer.Length;
        while (size < needed)
        {
            size = size > _capacity / 2 ? _capacity : size * 2;
        }

        var grown = new byte[size];
        var first = _buffer.Length - _head;
        if (first >= _used)
        {
            Array.Copy(_buffer, _head, grown, 0, _used);
        }
        else
        {
            Array.Copy(_buffer, _head, grown, 0, first);
            Array.Copy(_buffer, 0, grown, first, _used - first);
        }

        _buffer = grown;
        _head = 0;
    }

    private void CopyIn(byte[] source, int sourceOffset, int position, int count)
    {
        var first = _buffer.Length - position;
        if (first >= count)
        {
            Array.Copy(source, sourceOffset, _buffer, position, count);
        }
        else
        {
            Array.Copy(source, sourceOffset, _buffer, position, first);
            Array.Copy(source, sourceOffset + first, _buffer, 0, count - first);
        }
    }

    private int ReadInt32(int position)
    {
        var value = 0;
        for (var i = 0; i < 4; i++)
        {
            value = (value << 8) | _buffer[Wrap(position + i)];
        }

        return value;
    }

    private void WriteInt32(int position, int value)
    {
        for (var i = 0; i < 4; i++)
        {
            _buffer[Wrap(position + i)] = (byte)(value >> (24 - (8 * i)));
        }
    }

    private int Wrap(int position)
    {
        return position >= _buffer.Length ? position - _buffer.Length : position;
    }
}
