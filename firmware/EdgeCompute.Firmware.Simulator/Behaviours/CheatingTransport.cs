using System.Collections.Concurrent;
using System.Security.Cryptography;
using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Simulator.Transport;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;
using CoreFrameType = EdgeCompute.Firmware.Core.Frames.FrameType;
using CoreKernelOutput = EdgeCompute.Firmware.Kernels.KernelOutput;
using CoreKernelStatus = EdgeCompute.Firmware.Kernels.KernelStatus;

namespace EdgeCompute.Firmware.Simulator.Behaviours;

/// <summary>
/// What a malicious owner can do without touching the firmware core: sits between the agent and the broker, and
/// for a stated share of results rewrites the output to a plausible wrong one and re-seals the frame with the device
/// key (same boot and seq, MAC over the assignment hash it saw arrive), so the MAC is valid but the answer wrong.
/// </summary>
internal sealed class CheatingTransport : IAsyncDeviceTransport
{
    private readonly IAsyncDeviceTransport _inner;
    private readonly DeviceTopics _topics;
    private readonly FrameSealer _sealer;
    private readonly double _cheatRate;
    private readonly Random _random;
    private readonly ConcurrentDictionary<(string TaskId, uint Slot), byte[]> _assignmentHashes = new();
    private readonly Dictionary<(string TaskId, uint Slot), bool> _decisions = [];
    private readonly CoreKernelOutput _output = new();
    private readonly byte[] _bodyBuffer = new byte[ProtocolLimits.MaxFrameBody];
    private readonly byte[] _frameBuffer = new byte[ProtocolLimits.MaxDevicePayload];

    public CheatingTransport(IAsyncDeviceTransport inner, string deviceId, byte[] key, double cheatRate, Random random)
    {
        _inner = inner;
        _topics = new DeviceTopics(deviceId);
        _sealer = new FrameSealer(deviceId, key);
        _cheatRate = cheatRate;
        _random = random;
    }

    public long ResultsFalsified { get; private set; }

    public bool IsConnected => _inner.IsConnected;

    /// <summary>Remembers SHA-256 of an assignment as it arrives (called on the link's receive thread).</summary>
    public void RecordAssignment(byte[] payload, int offset, int count)
    {
        var bytes = new ReadOnlyMemory<byte>(payload, offset, count);
        var decoded = TaskAssignmentCodec.Decode(bytes);
        if (decoded.IsSuccess)
        {
            _assignmentHashes[(decoded.Value.TaskId, decoded.Value.Slot)] = SHA256.HashData(bytes.Span);
        }
    }

    public bool Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        if (topic != _topics.Result || !TryForge(payload, offset, count, out var length, out var key))
        {
            return _inner.Publish(topic, payload, offset, count, retain);
        }

        return Forged(_inner.Publish(topic, _frameBuffer, 0, length, retain), key);
    }

    // One publish at a time per device (the agent holds the next until this one ends), so the forge buffer is free again
    // when the task completes.
    public async Task<bool> PublishAsync(string topic, byte[] payload, int offset, int count, bool retain)
    {
        if (topic != _topics.Result || !TryForge(payload, offset, count, out var length, out var key))
        {
            return await _inner.PublishAsync(topic, payload, offset, count, retain).ConfigureAwait(false);
        }

        return Forged(await _inner.PublishAsync(topic, _frameBuffer, 0, length, retain).ConfigureAwait(false), key);
    }

    private bool Forged(bool accepted, (string, uint) key)
    {
        if (!accepted)
        {
            return false;
        }

        ResultsFalsified++;
        _decisions.Remove(key);
        _assignmentHashes.TryRemove(key, out _);
        return true;
    }

    private bool TryForge(byte[] payload, int offset, int count, out int length, out (string, uint) key)
    {
        length = 0;
        key = default;
        var frame = DeviceFrameCodec.Decode(new ReadOnlyMemory<byte>(payload, offset, count));
        if (!frame.IsSuccess || frame.Value.Type != Protocol.Frames.FrameType.Result)
        {
            return false;
        }

        var result = TaskResultCodec.Decode(frame.Value.Body);
        if (!result.IsSuccess || result.Value.Status != TaskResultStatus.Ok || result.Value.Output is null)
        {
            return false;
        }

        key = (result.Value.TaskId, result.Value.Slot);
        if (!_assignmentHashes.TryGetValue(key, out var hash))
        {
            return false;
        }

        if (!_decisions.TryGetValue(key, out var cheat))
        {
            cheat = _random.NextDouble() < _cheatRate;
            _decisions[key] = cheat;
        }

        if (!cheat || !Falsify(result.Value))
        {
            return false;
        }

        var body = new CborEncoder(_bodyBuffer);
        ResultBodyWriter.Write(body, result.Value.TaskId, result.Value.Slot, result.Value.Kernel, _output);
        var sealedFrame = new CborEncoder(_frameBuffer);
        if (body.HasOverflowed
            || !_sealer.Seal(frame.Value.Boot, frame.Value.Seq, CoreFrameType.Result, _bodyBuffer, 0, body.Length, hash, 0, sealedFrame))
        {
            return false;
        }

        length = sealedFrame.Length;
        return true;
    }

    // A plausible lie per kernel, cheaper than the work: always different from the true output.
    private bool Falsify(TaskResult result)
    {
        _output.Clear();
        _output.Status = CoreKernelStatus.Ok;
        _output.Ops = (long)Math.Min(result.Ops, long.MaxValue);
        switch (result.Output)
        {
            case MonteCarloPiOutput pi:
                var guess = (ulong)(pi.Samples * 0.7853981633974483);
                if (guess == pi.Inside)
                {
                    guess = pi.Inside > 0 ? pi.Inside - 1 : 1;
                }

                _output.Numbers[0] = (long)guess;
                _output.Numbers[1] = (long)pi.Samples;
                _output.NumberCount = 2;
                return true;
            case PrimesCountOutput primes:
                _output.Numbers[0] = (long)primes.Count + 1 + _random.Next(3);
                _output.NumberCount = 1;
                return true;
            case StatsWindowOutput stats:
                _output.Numbers[0] = stats.Count;
                _output.Numbers[1] = stats.Min;
                _output.Numbers[2] = stats.Max;
                _output.Numbers[3] = stats.Mean + 1;
                _output.Numbers[4] = stats.Variance;
                _output.NumberCount = 5;
                return true;
            case PowSha256Output pow:
                _output.Found = true;
                _output.Nonce = pow.Found ? pow.Nonce + 1 : pow.Nonce;
                _random.NextBytes(_output.Digest);
                _output.DigestLength = _output.Digest.Length;
                return true;
            default:
                return false;
        }
    }
}
