using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Protocol.Tests.Support;
using EdgeCompute.Protocol.Topics;

namespace EdgeCompute.Protocol.Tests;

/// <summary>
/// Property: every public decoder returns a <see cref="DecodeResult{T}"/> (success or a typed error) for any input and
/// never throws. Each decoder gets 100,000 cases: random bytes, truncations and byte mutations of valid messages.
/// </summary>
public class DecoderFuzzTests
{
    private const int Cases = 100_000;

    [Fact]
    public void Device_frame_decoder_never_throws() =>
        Fuzz(b => DeviceFrameCodec.Decode(b).Error, Samples.FrameBytes(), Samples.FrameBytes(FrameType.Result), Samples.FrameBytes(FrameType.Birth, 0));

    [Fact]
    public void Window_summary_decoder_never_throws() =>
        Fuzz(b => WindowSummaryCodec.Decode(b).Error, WindowSummaryCodec.Encode(Samples.Summary()));

    [Fact]
    public void Raw_samples_decoder_never_throws() =>
        Fuzz(b => RawSamplesCodec.Decode(b).Error, RawSamplesCodec.Encode(Samples.RawChannels()));

    [Fact]
    public void Reading_counter_never_throws()
    {
        Fuzz(b => TelemetryReadings.Count(FrameType.WindowSummary, b).Error, WindowSummaryCodec.Encode(Samples.Summary()));
        Fuzz(b => TelemetryReadings.Count(FrameType.RawSamples, b).Error, RawSamplesCodec.Encode(Samples.RawChannels()));
    }

    [Fact]
    public void Task_assignment_decoder_never_throws() =>
        Fuzz(b => TaskAssignmentCodec.Decode(b).Error, [.. Samples.AllParameters().Select(p => TaskAssignmentCodec.Encode(Samples.Assignment(p)))]);

    [Fact]
    public void Task_result_decoder_never_throws() =>
        Fuzz(
            b => TaskResultCodec.Decode(b).Error,
            TaskResultCodec.Encode(Samples.Result()),
            TaskResultCodec.Encode(new TaskResult("t", 1, KernelNames.PowSha256, TaskResultStatus.Ok, 9, new PowSha256Output(true, 5, new byte[32]))),
            TaskResultCodec.Encode(new TaskResult("t", 1, KernelNames.StatsWindow, TaskResultStatus.Ok, 9, new StatsWindowOutput(3, -1, 5, 2, 6))),
            TaskResultCodec.Encode(new TaskResult("t", 1, "x.y", TaskResultStatus.UnknownKernel, 0, null)));

    [Fact]
    public void Device_birth_decoder_never_throws() =>
        Fuzz(b => DeviceBirthCodec.Decode(b).Error, DeviceBirthCodec.Encode(Samples.DeviceBirth()));

    [Fact]
    public void Gateway_birth_decoder_never_throws() =>
        Fuzz(b => GatewayBirthCodec.Decode(b).Error, GatewayBirthCodec.Encode(Samples.GatewayBirth()));

    [Fact]
    public void State_decoder_never_throws() =>
        Fuzz(b => StatePayload.Decode(b).Error, StatePayload.Encode(ConnectionState.Online), StatePayload.Encode(ConnectionState.Offline));

    [Fact]
    public void Batch_envelope_decoder_never_throws() =>
        Fuzz(b => GatewayBatchCodec.Decode(b).Error, Samples.BatchBytes(BatchCodec.None), Samples.BatchBytes(BatchCodec.Deflate));

    [Fact]
    public void Batch_body_decoder_never_throws() =>
        Fuzz(b => GatewayBatchBodyCodec.Decode(b).Error, GatewayBatchBodyCodec.Encode(Samples.BatchBody()));

    [Fact]
    public void Batch_body_decoder_never_throws_on_gateway_task_results() =>
        Fuzz(b => GatewayBatchBodyCodec.Decode(b).Error, GatewayBatchBodyCodec.Encode(GatewayTaskMessagesTests.BodyWithResults()));

    [Fact]
    public void Task_assignment_decoder_never_throws_on_wasm_assignments() =>
        Fuzz(
            b => TaskAssignmentCodec.Decode(b).Error,
            TaskAssignmentCodec.Encode(GatewayTaskMessagesTests.WasmAssignment()),
            TaskAssignmentCodec.Encode(GatewayTaskMessagesTests.WasmAssignment(inline: false)));

    [Fact]
    public void Batch_opener_never_throws() =>
        Fuzz(b => BatchOpener.Open(b, Samples.GatewayKey, "gw-01").Error, Samples.BatchBytes(BatchCodec.None), Samples.BatchBytes(BatchCodec.Deflate), Samples.BatchBytes(BatchCodec.Brotli));

    [Fact]
    public void Batch_body_decoder_never_throws_on_status_v1_and_v2_bodies() =>
        Fuzz(b => GatewayBatchBodyCodec.Decode(b).Error,
            GatewayBatchBodyCodec.Encode(new GatewayBatchBody([], new GatewayStatus(870, 512_000_000, 12))),
            GatewayBatchBodyCodec.Encode(new GatewayBatchBody([], new GatewayStatus(870, 512_000_000, 12, 1_048_576, 3, 41, 2, 8))));

    [Fact]
    public void Batch_opener_never_throws_on_validly_signed_garbage()
    {
        // The signature passes, so decompression and body decoding see the mutated bytes.
        var random = Seeds.Create();
        var raw = GatewayBatchBodyCodec.Encode(Samples.BatchBody());
        foreach (var codec in new[] { BatchCodec.None, BatchCodec.Deflate, BatchCodec.Brotli })
        {
            var sealedBody = BatchSealer.Seal(raw, "gw-01", 1, 1, codec, Samples.GatewayKey).Body.ToArray();
            for (var i = 0; i < 5_000; i++)
            {
                var body = Mutate(random, sealedBody);
                var rawLength = random.Next(4) == 0 ? (uint)random.Next(0, raw.Length * 2) : (uint)raw.Length;
                var signature = GatewayBatchSignature.Sign(Samples.GatewayKey, "gw-01", 1, 1, codec, rawLength, body);
                var message = GatewayBatchCodec.Encode(new GatewayBatch("gw-01", 1, 1, codec, rawLength, body, signature));
                var error = Invoke(b => BatchOpener.Open(b, Samples.GatewayKey).Error, message);
                Assert.True(error is null || Enum.IsDefined(error.Code));
            }
        }
    }

    [Fact]
    public void Ack_decoder_and_opener_never_throw()
    {
        var ack = CoordinatorAckCodec.Encode(Samples.Ack());
        Fuzz(b => CoordinatorAckCodec.Decode(b).Error, ack);
        Fuzz(b => CoordinatorAckSignature.Open(b, Samples.CoordinatorKey).Error, ack);
    }

    [Fact]
    public void Coordinator_task_decoder_and_opener_never_throw()
    {
        var task = CoordinatorTaskCodec.Encode(Samples.Task());
        Fuzz(b => CoordinatorTaskCodec.Decode(b).Error, task);
        Fuzz(b => CoordinatorTaskSignature.Open(b, Samples.CoordinatorKey).Error, task);
    }

    [Fact]
    public void Topic_parser_never_throws()
    {
        var random = Seeds.Create();
        const string Alphabet = "ec/v1dg+#$-aZ09stateupbirth";
        for (var i = 0; i < Cases; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = Alphabet[random.Next(Alphabet.Length)];
            }

            var topic = random.Next(2) == 0 ? "ec/v1/" + new string(chars) : new string(chars);
            if (ProtocolTopics.TryParse(topic, out var address))
            {
                Assert.Equal(topic, address.ToString());
            }
        }
    }

    private static void Fuzz(Func<ReadOnlyMemory<byte>, DecodeError?> decode, params byte[][] valid)
    {
        var random = Seeds.Create(out var seed);
        foreach (var sample in valid)
        {
            Assert.Null(Invoke(decode, sample));
        }

        var successes = 0;
        for (var i = 0; i < Cases; i++)
        {
            var sample = valid[i % valid.Length];
            var input = (i % 4) switch
            {
                0 => RandomBytes(random, sample),
                1 => sample[..random.Next(sample.Length)],
                _ => Mutate(random, sample),
            };
            var error = Invoke(decode, input, seed, i);
            if (error is null)
            {
                successes++;
            }
            else
            {
                Assert.True(Enum.IsDefined(error.Code), $"seed={seed} case={i}: undefined code {error.Code}");
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{Cases} cases, {successes} decoded");
    }

    private static DecodeError? Invoke(Func<ReadOnlyMemory<byte>, DecodeError?> decode, byte[] input, int seed = 0, int index = -1)
    {
        try
        {
            return decode(input);
        }
        catch (Exception e)
        {
            Assert.Fail($"seed={seed} case={index} input={Hex.Of(input)} threw {e}");
            throw;
        }
    }

    private static byte[] RandomBytes(Random random, byte[] sample)
    {
        var bytes = new byte[random.Next(0, 80)];
        random.NextBytes(bytes);

        // Half the time keep the sample's first byte so the decoder gets past the top-level type check.
        if (bytes.Length > 0 && random.Next(2) == 0 && sample.Length > 0)
        {
            bytes[0] = sample[0];
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] sample)
    {
        var bytes = sample.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(5))
            {
                case 0 when at < bytes.Count: bytes[at] = (byte)random.Next(256); break;
                case 1 when at < bytes.Count: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 2: bytes.Insert(at, (byte)random.Next(256)); break;
                case 3 when at < bytes.Count: bytes.RemoveAt(at); break;
                default:
                    if (at < bytes.Count)
                    {
                        bytes[at] = _interesting[random.Next(_interesting.Length)];
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    // CBOR initial bytes that exercise edge cases: huge lengths, indefinite lengths, tags, negatives, simple values.
    private static readonly byte[] _interesting = [0x00, 0x17, 0x18, 0x1b, 0x1f, 0x20, 0x3b, 0x40, 0x5b, 0x5f, 0x60, 0x7b, 0x7f, 0x80, 0x9b, 0x9f, 0xa0, 0xbb, 0xbf, 0xc4, 0xc2, 0xd8, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfb, 0xff];
}
