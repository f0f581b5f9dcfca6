using EdgeCompute.Firmware.Core.Buffering;
using EdgeCompute.Firmware.Core.Frames;

namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>
/// Decides what goes to the broker next, one message at a time: the birth and <c>online</c> (retained) first after every
/// (re)connect, then the ring's frames oldest first. Nothing leaves the ring until the birth went out, and a frame leaves
/// it only when its publish was accepted (<see cref="End"/>); while its publish is under way the ring holds it.
/// </summary>
/// <remarks>
/// <para>After a restart the frames sealed under the old boot still go before the new birth when the old birth had gone
/// out on this connection: at most that many ring frames are sent first (fewer when the full ring evicted some).</para>
/// <para>Not thread-safe: the agent calls it under its lock. The transport is not called here.</para>
/// </remarks>
internal sealed class FramePublisher
{
    private const int None = 0;
    private const int BirthDue = 1;
    private const int OnlineDue = 2;

    private const int SendingNothing = 0;
    private const int SendingBirth = 1;
    private const int SendingOnline = 2;
    private const int SendingFrame = 3;

    private static readonly byte[] Online = { (byte)'o', (byte)'n', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };

    private readonly IDeviceTransport _transport;
    private readonly DeviceTopics _topics;
    private readonly FrameRing _ring;
    private readonly BirthFrame _birth;
    private bool _wasConnected;
    private int _announce;
    private int _generation;
    private int _sending;
    private int _sendingGeneration;
    private bool _sendingResult;
    private int _framesBeforeBirth;
    private long _droppedSeen;
    private long _framesPublished;
    private long _resultsPublished;

    /// <summary>Creates a publisher.</summary>
    /// <param name="transport">The broker connection (only its state is read here).</param>
    /// <param name="topics">The device's topics.</param>
    /// <param name="ring">The frames waiting to go out.</param>
    /// <param name="birth">The current boot's birth.</param>
    public FramePublisher(IDeviceTransport transport, DeviceTopics topics, FrameRing ring, BirthFrame birth)
    {
        _transport = transport;
        _topics = topics;
        _ring = ring;
        _birth = birth;
    }

    /// <summary>Gets how many frames from the ring the broker accepted.</summary>
    public long FramesPublished
    {
        get { return _framesPublished; }
    }

    /// <summary>Gets how many results the broker accepted.</summary>
    public long ResultsPublished
    {
        get { return _resultsPublished; }
    }

    /// <summary>Gets whether a publish is under way (between <see cref="Begin"/> and <see cref="End"/>).</summary>
    public bool IsSending
    {
        get { return _sending != SendingNothing; }
    }

    /// <summary>Gets whether something waits to be published: the birth, <c>online</c> or a ring frame.</summary>
    public bool HasWork
    {
        get { return _announce != None || !_ring.IsEmpty; }
    }

    /// <summary>
    /// Begins a boot: the birth is due. On a restart the frames already in the ring go first when the old birth had gone
    /// out on this connection.
    /// </summary>
    /// <param name="restart">Whether an earlier boot ran in this agent.</param>
    public void Start(bool restart)
    {
        _wasConnected = _transport.IsConnected;
        _framesBeforeBirth = restart && _announce == None && _wasConnected ? _ring.Count : 0;
        _droppedSeen = _ring.DroppedFrames;
        AnnounceAgain();
    }

    /// <summary>Marks the birth as due again (the transport reconnected): it goes before anything else.</summary>
    public void OnConnected()
    {
        _framesBeforeBirth = 0;
        AnnounceAgain();
    }

    /// <summary>
    /// Takes the next message to publish and copies its payload into <paramref name="destination"/>; notices a
    /// reconnect first. Returns 0 when nothing is due, the transport is down, or a publish is already under way.
    /// </summary>
    /// <param name="destination">Receives the payload; at least <see cref="ProtocolLimits.MaxDevicePayload"/> bytes from <paramref name="offset"/>.</param>
    /// <param name="offset">Where the payload's first byte goes.</param>
    /// <param name="topic">The message's topic.</param>
    /// <param name="retain">Whether the broker retains the message.</param>
    /// <returns>The payload's length, or 0.</returns>
    public int Begin(byte[] destination, int offset, out string topic, out bool retain)
    {
        topic = string.Empty;
        retain = false;
        if (_sending != SendingNothing)
        {
            return 0;
        }

        var connected = _transport.IsConnected;
        if (connected && !_wasConnected)
        {
            OnConnected();
        }

        _wasConnected = connected;
        if (!connected)
        {
            return 0;
        }

        SettleFramesBeforeBirth();
        if (_announce != None && _framesBeforeBirth == 0)
        {
            retain = true;
            _sendingGeneration = _generation;
            if (_announce == BirthDue)
            {
                System.Array.Copy(_birth.Buffer, 0, destination, offset, _birth.Length);
                topic = _topics.Birth;
                _sending = SendingBirth;
                return _birth.Length;
            }

            System.Array.Copy(Online, 0, destination, offset, Online.Length);
            topic = _topics.State;
            _sending = SendingOnline;
            return Online.Length;
        }

        _sendingResult = _ring.PeekIsResult;
        var length = _ring.BeginSend(destination, offset);
        if (length == 0)
        {
            return 0;
        }

        topic = _sendingResult ? _topics.Result : _topics.Telemetry;
        _sending = SendingFrame;
        return length;
    }

    /// <summary>Ends the publish begun by <see cref="Begin"/>: an accepted frame leaves the ring, a refused one stays first.</summary>
    /// <param name="accepted">Whether the broker accepted the message.</param>
    public void End(bool accepted)
    {
        var sending = _sending;
        _sending = SendingNothing;
        if (sending == SendingFrame)
        {
            _ring.EndSend(accepted);
            if (!accepted)
            {
                return;
            }

            _framesPublished++;
            if (_sendingResult)
            {
                _resultsPublished++;
            }

            if (_framesBeforeBirth > 0)
            {
                _framesBeforeBirth--;
            }

            return;
        }

        if (!accepted || _sendingGeneration != _generation)
        {
            // Refused, or a reconnect or restart made this announcement stale: the birth is due again.
            return;
        }

        if (sending == SendingBirth && _announce == BirthDue)
        {
            _announce = OnlineDue;
        }
        else if (sending == SendingOnline && _announce == OnlineDue)
        {
            _announce = None;
        }
    }

    private void AnnounceAgain()
    {
        _announce = BirthDue;
        _generation++;
    }

    // The full ring evicts the oldest telemetry first, so each frame it dropped since the restart was one of the old
    // boot's while any were left: counting them off never lets a frame of the new boot go before its birth.
    private void SettleFramesBeforeBirth()
    {
        var dropped = _ring.DroppedFrames;
        if (_framesBeforeBirth > 0)
        {
            var evicted = dropped - _droppedSeen;
            _framesBeforeBirth = evicted >= _framesBeforeBirth ? 0 : _framesBeforeBirth - (int)evicted;
            if (_framesBeforeBirth > _ring.Count)
            {
                _framesBeforeBirth = _ring.Count;
            }
        }

        _droppedSeen = dropped;
    }
}
