namespace EdgeCompute.Protocol.Mqtt.Guard;

/// <summary>
/// The byte stream of one broker connection, read through a <see cref="MqttFrameScanner"/>: bytes are handed to MQTTnet
/// only while every packet stays within its limit. The moment a packet's length bytes announce more, the read reports
/// the end of the stream instead of those bytes (MQTTnet then drops the connection) and the connection is closed, so
/// MQTTnet never sizes a buffer after the announced length and the rest of the packet is never read.
/// </summary>
/// <remarks>
/// MQTTnet reads a packet in small pieces (the fixed header's two bytes, then the rest), each a socket receive of its
/// own; reads shorter than <see cref="ReadAheadBytes"/> are served from one receive of up to that many bytes instead,
/// so a device's packets that arrive together cost one system call, not two or more each. The buffer is taken at the
/// connection's first short read. Bytes still go through the scanner as they are handed to MQTTnet, as before.
/// </remarks>
internal sealed class PacketSizeGuardStream : Stream
{
    private readonly Stream _inner;
    private readonly MqttFrameScanner _scanner;
    private readonly Action<MqttFrameScanner> _refused;
    private bool _closed;
    private byte[]? _ahead;
    private int _aheadStart;
    private int _aheadEnd;

    /// <summary>The most bytes one receive reads ahead of what MQTTnet asked for.</summary>
    public const int ReadAheadBytes = 1024;

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

        if (_aheadStart == _aheadEnd)
        {
            if (buffer.Length >= ReadAheadBytes)
            {
                var direct = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                return Checked(buffer.Span[..direct]);
            }

            _ahead ??= new byte[ReadAheadBytes];
            _aheadStart = 0;
            _aheadEnd = await _inner.ReadAsync(_ahead, cancellationToken).ConfigureAwait(false);
        }

        return Checked(TakeAhead(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_closed)
        {
            return 0;
        }

        if (_aheadStart < _aheadEnd)
        {
            return Checked(TakeAhead(buffer.AsSpan(offset, count)));
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

    /// <summary>Copies as much of the read-ahead as fits; returns the bytes copied.</summary>
    private Span<byte> TakeAhead(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _aheadEnd - _aheadStart);
        _ahead.AsSpan(_aheadStart, count).CopyTo(buffer);
        _aheadStart += count;
        return buffer[..count];
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
