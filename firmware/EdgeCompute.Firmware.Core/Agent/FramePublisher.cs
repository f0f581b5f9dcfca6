using EdgeCompute.Firmware.Core.Buffering;
using EdgeCompute.Firmware.Core.Frames;

namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>
/// Publishes to the broker: the birth and <c>online</c> (retained) first after every (re)connect, then the ring's
/// frames oldest first while the broker accepts them. Nothing leaves the ring until the birth went out.
/// </summary>
internal sealed class FramePublisher
{
    private static readonly byte[] Online = { (byte)'o', (byte)'n', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };

    private readonly IDeviceTransport _transport;
    private readonly DeviceTopics _topics;
    private readonly FrameRing _ring;
    private readonly BirthFrame _birth;
    private readonly byte[] _publishBuffer = new byte[ProtocolLimits.MaxDevicePayload];
    private bool _wasConnected;
    private bool _announcePending;
    private long _framesPublished;
    private long _resultsPublished;

    /// <summary>Creates a publisher and its buffer.</summary>
    /// <param name="transport">The broker connection.</param>
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

    /// <summary>Begins a boot: the birth is due, and goes out now if the transport is connected.</summary>
    public void Start()
    {
        _announcePending = true;
        _wasConnected = _transport.IsConnected;
        if (_wasConnected)
        {
            Announce();
        }
    }

    /// <summary>Marks the birth as due again (the transport reconnected).</summary>
    public void OnConnected()
    {
        _announcePending = true;
    }

    /// <summary>Notices a reconnect and publishes the birth and <c>online</c> if they are due.</summary>
    public void CheckConnection()
    {
        var connected = _transport.IsConnected;
        if (connected && !_wasConnected)
        {
            _announcePending = true;
        }

        _wasConnected = connected;
        if (connected && _announcePending)
        {
            Announce();
        }
    }

    /// <summary>Publishes the ring's frames oldest first until it is empty or a publish fails.</summary>
    public void Flush()
    {
        while (!_announcePending && !_ring.IsEmpty && _transport.IsConnected)
        {
            var isResult = _ring.PeekIsResult;
            var length = _ring.CopyOldest(_publishBuffer, 0);
            if (!_transport.Publish(isResult ? _topics.Result : _topics.Telemetry, _publishBuffer, 0, length, false))
            {
                return;
            }

            _ring.Dequeue();
            _framesPublished++;
            if (isResult)
            {
                _resultsPublished++;
            }
        }
    }

    private void Announce()
    {
        if (!_transport.Publish(_topics.Birth, _birth.Buffer, 0, _birth.Length, true))
        {
            return;
        }

        if (!_transport.Publish(_topics.State, Online, 0, Online.Length, true))
        {
            return;
        }

        _announcePending = false;
    }
}
