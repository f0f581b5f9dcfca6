namespace EdgeCompute.Protocol.Mqtt.Guard;

/// <summary>
/// The byte stream of one broker connection, read through a <see cref="MqttFrameScanner"/>: bytes are handed to MQTTnet
/// only while every packet stays within its limit. The moment a packet's length bytes announce more, the read reports
/// the end of the stream instead of those bytes (MQTTnet then drops the connection) and the connection is closed, so
/// MQTTnet never sizes a buffer after the announced length and the rest of the packet is never read.
/// </summary>
internal sealed class PacketSizeGuardStream : Stream
{
    private readonly Stream _inner;
    private readonly MqttFrameScanner _scanner;
    private readonly Action<MqttFrameScanner> _refused;
    private bool _closed;

    public PacketSizeGuardStream(Stream inner, MqttFrameScanner scanner, Action<MqttFrameScanner> refused)
    {
        _inner = inner;
        _scanner = scanner;
        _refused = refused;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_closed)
        {
            return 0;
        }

        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Checked(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_closed)
        {
            return 0;
        }

        var read = _inner.Read(buffer, offset, count);
        return Checked(buffer.AsSpan(offset, read));
    }

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Checked(ReadOnlySpan<byte> read)
    {
        if (read.Length == 0 || _scanner.Accept(read))
        {
            return read.Length;
        }

        _closed = true;
        _refused(_scanner);
        _inner.Dispose(); // the socket closes: what the peer still sends is never read
        return 0;
    }
}
