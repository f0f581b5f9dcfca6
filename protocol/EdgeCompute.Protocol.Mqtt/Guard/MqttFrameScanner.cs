namespace EdgeCompute.Protocol.Mqtt.Guard;

/// <summary>
/// Follows the MQTT framing of a byte stream as it goes by — each packet is one fixed-header byte, a remaining length
/// (a varint of 1 to 4 bytes, 7 bits each, low first) and that many bytes — and says when a packet announces more than
/// the limit, as soon as its length bytes show it: before anyone reads, let alone allocates, the packet's body.
/// </summary>
/// <remarks>The first packet (CONNECT) has its own, smaller limit: nobody has logged in yet.</remarks>
internal sealed class MqttFrameScanner
{
    private readonly int _maxPacketBytes;
    private readonly int _maxFirstPacketBytes;
    private State _state = State.FixedHeader;
    private long _length;
    private int _lengthBytes;
    private int _multiplier;
    private long _bodyLeft;
    private long _packets;

    /// <summary>Creates a scanner.</summary>
    /// <param name="maxPacketBytes">The largest packet accepted (fixed header included).</param>
    /// <param name="maxFirstPacketBytes">The largest first packet (CONNECT) accepted.</param>
    public MqttFrameScanner(int maxPacketBytes, int maxFirstPacketBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketBytes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFirstPacketBytes, 2);
        _maxPacketBytes = maxPacketBytes;
        _maxFirstPacketBytes = maxFirstPacketBytes;
    }

    private enum State
    {
        FixedHeader,
        Length,
        Body,
    }

    /// <summary>Gets the size the refused packet announced, as far as its length bytes were read (more could only add to it).</summary>
    public long RefusedBytes { get; private set; }

    /// <summary>Gets whether the refused packet was the first one (the CONNECT).</summary>
    public bool RefusedFirst { get; private set; }

    /// <summary>Takes the next bytes of the stream; false when a packet announces more than its limit (then the connection must close).</summary>
    /// <param name="bytes">The bytes, in stream order.</param>
    /// <returns>Whether the stream is still within the limits.</returns>
    public bool Accept(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            switch (_state)
            {
                case State.FixedHeader:
                    i++;
                    _state = State.Length;
                    _length = 0;
                    _lengthBytes = 0;
                    _multiplier = 1;
                    break;
                case State.Length:
                    var b = bytes[i++];
                    _length += (b & 0x7F) * (long)_multiplier;
                    _multiplier *= 128;
                    _lengthBytes++;
                    var limit = _packets == 0 ? _maxFirstPacketBytes : _maxPacketBytes;
                    var atLeast = 1 + _lengthBytes + _length; // more length bytes can only add to it
                    if (atLeast > limit || ((b & 0x80) != 0 && _lengthBytes == 4))
                    {
                        RefusedBytes = atLeast;
                        RefusedFirst = _packets == 0;
                        return false;
                    }

                    if ((b & 0x80) == 0)
                    {
                        _packets++;
                        _bodyLeft = _length;
                        _state = _bodyLeft == 0 ? State.FixedHeader : State.Body;
                    }

                    break;
                case State.Body:
                    var take = (int)Math.Min(_bodyLeft, bytes.Length - i);
                    i += take;
                    _bodyLeft -= take;
                    if (_bodyLeft == 0)
                    {
                        _state = State.FixedHeader;
                    }

                    break;
            }
        }

        return true;
    }
}
