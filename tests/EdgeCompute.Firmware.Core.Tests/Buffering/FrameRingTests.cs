using EdgeCompute.Firmware.Core.Buffering;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Core.Tests.Buffering;

public sealed class FrameRingTests
{
    private const int H = FrameRing.RecordHeaderSize;

    private static byte[] Frame(byte tag, int length)
    {
        var frame = new byte[length];
        Array.Fill(frame, tag);
        return frame;
    }

    private static byte[] TakeOldest(FrameRing ring)
    {
        var buffer = new byte[ring.Capacity];
        var length = ring.CopyOldest(buffer, 0);
        ring.Dequeue();
        return buffer[..length];
    }

    [Fact]
    public void Returns_frames_first_in_first_out_with_their_kind_and_readings()
    {
        var ring = new FrameRing(200);
        Assert.True(ring.Enqueue(Frame(1, 10), 0, 10, false, 30));
        Assert.True(ring.Enqueue(Frame(2, 20), 0, 20, true, 0));
        Assert.True(ring.Enqueue(Frame(3, 5), 0, 5, false, 7));
        Assert.Equal(3, ring.Count);
        Assert.Equal(35 + (3 * H), ring.UsedBytes);

        Assert.Equal((10, false, 30), (ring.PeekLength, ring.PeekIsResult, ring.PeekReadings));
        Assert.Equal(Frame(1, 10), TakeOldest(ring));
        Assert.True(ring.PeekIsResult);
        Assert.Equal(Frame(2, 20), TakeOldest(ring));
        Assert.Equal(7, ring.PeekReadings);
        Assert.Equal(Frame(3, 5), TakeOldest(ring));
        Assert.True(ring.IsEmpty);
        Assert.Equal(0, ring.CopyOldest(new byte[1], 0));
    }

    [Fact]
    public void Keeps_frames_intact_across_the_wrap_around()
    {
        var seed = Environment.TickCount;
        TestContext.Current.TestOutputHelper?.WriteLine("seed " + seed);
        var random = new Random(seed);
        var ring = new FrameRing(301);
        var expected = new Queue<byte[]>();
        for (var i = 0; i < 5000; i++)
        {
            if (random.Next(3) != 0 || expected.Count == 0)
            {
                var frame = new byte[random.Next(1, 60)];
                random.NextBytes(frame);
                if (frame.Length + H <= ring.FreeBytes)
                {
                    Assert.True(ring.Enqueue(frame, 0, frame.Length, false, 1));
                    expected.Enqueue(frame);
                }
            }
            else
            {
                Assert.Equal(expected.Dequeue(), TakeOldest(ring));
            }

            Assert.Equal(expected.Count, ring.Count);
        }
    }

    [Fact]
    public void Drops_oldest_telemetry_but_never_a_result()
    {
        var ring = new FrameRing((4 * H) + 40);
        ring.Enqueue(Frame(1, 10), 0, 10, true, 0);
        ring.Enqueue(Frame(2, 10), 0, 10, false, 11);
        ring.Enqueue(Frame(3, 10), 0, 10, true, 0);
        ring.Enqueue(Frame(4, 10), 0, 10, false, 12);
        Assert.Equal(0, ring.FreeBytes);

        Assert.True(ring.Enqueue(Frame(5, 10), 0, 10, false, 13));
        Assert.Equal(1, ring.DroppedFrames);
        Assert.Equal(11, ring.DroppedReadings);

        Assert.True(ring.Enqueue(Frame(6, 10 + H), 0, 10 + H, true, 0));
        Assert.Equal(3, ring.DroppedFrames);
        Assert.Equal(11 + 12 + 13, ring.DroppedReadings);

        Assert.Equal(Frame(1, 10), TakeOldest(ring));
        Assert.Equal(Frame(3, 10), TakeOldest(ring));
        Assert.Equal(Frame(6, 10 + H), TakeOldest(ring));
        Assert.True(ring.IsEmpty);
        Assert.Equal(0, ring.RefusedResults);
    }

    [Fact]
    public void Refuses_a_result_when_results_fill_the_ring_without_evicting_anything()
    {
        var ring = new FrameRing((3 * H) + 30);
        ring.Enqueue(Frame(1, 10), 0, 10, true, 0);
        ring.Enqueue(Frame(2, 10), 0, 10, false, 5);
        ring.Enqueue(Frame(3, 10), 0, 10, true, 0);

        Assert.False(ring.Enqueue(Frame(4, 20), 0, 20, true, 0));
        Assert.Equal(1, ring.RefusedResults);
        Assert.Equal(0, ring.DroppedFrames);
        Assert.Equal(3, ring.Count);

        Assert.True(ring.Enqueue(Frame(4, 10), 0, 10, true, 0));
        Assert.Equal(1, ring.DroppedFrames);
        Assert.Equal(3, ring.ResultCount);
    }

    [Fact]
    public void Refuses_telemetry_when_results_fill_the_ring_and_counts_it_as_dropped()
    {
        var ring = new FrameRing((2 * H) + 20);
        ring.Enqueue(Frame(1, 10), 0, 10, true, 0);
        ring.Enqueue(Frame(2, 10), 0, 10, true, 0);

        Assert.False(ring.Enqueue(Frame(3, 1), 0, 1, false, 60));
        Assert.Equal(1, ring.DroppedFrames);
        Assert.Equal(60, ring.DroppedReadings);
        Assert.Equal(2, ring.Count);
        Assert.Equal(0, ring.RefusedResults);
    }

    [Fact]
    public void Refuses_a_frame_larger_than_the_ring()
    {
        var ring = new FrameRing(50);
        Assert.False(ring.Enqueue(new byte[50], 0, 50, false, 4));
        Assert.False(ring.Enqueue(new byte[50], 0, 50, true, 0));
        Assert.Equal((1L, 4L, 1L), (ring.DroppedFrames, ring.DroppedReadings, ring.RefusedResults));
    }

    [Fact]
    public void Evicting_behind_wrapped_results_keeps_every_byte_in_order()
    {
        var seed = Environment.TickCount;
        TestContext.Current.TestOutputHelper?.WriteLine("seed " + seed);
        var random = new Random(seed);
        var ring = new FrameRing(257);
        var model = new List<(byte[] Bytes, bool Result, int Readings)>();
        long dropped = 0, droppedReadings = 0, refused = 0;

        for (var i = 0; i < 20000; i++)
        {
            if (random.Next(4) == 0 && model.Count > 0)
            {
                Assert.Equal(model[0].Bytes, TakeOldest(ring));
                model.RemoveAt(0);
                continue;
            }

            var frame = new byte[random.Next(1, 80)];
            random.NextBytes(frame);
            var isResult = random.Next(5) == 0;
            var readings = isResult ? 0 : random.Next(1, 100);

            // Model: evict oldest telemetry while needed, only if enough telemetry exists.
            var need = frame.Length + H;
            var free = ring.Capacity - model.Sum(m => m.Bytes.Length + H);
            var telemetry = model.Where(m => !m.Result).Sum(m => m.Bytes.Length + H);
            var fits = need <= ring.Capacity && need <= free + telemetry;
            if (fits)
            {
                while (need > ring.Capacity - model.Sum(m => m.Bytes.Length + H))
                {
                    var victim = model.First(m => !m.Result);
                    dropped++;
                    droppedReadings += victim.Readings;
                    model.Remove(victim);
                }

                model.Add((frame, isResult, readings));
            }
            else if (isResult)
            {
                refused++;
            }
            else
            {
                dropped++;
                droppedReadings += readings;
            }

            Assert.Equal(fits, ring.Enqueue(frame, 0, frame.Length, isResult, readings));
            Assert.Equal((dropped, droppedReadings, refused), (ring.DroppedFrames, ring.DroppedReadings, ring.RefusedResults));
            Assert.Equal(model.Count, ring.Count);
        }

        foreach (var (bytes, result, readings) in model)
        {
            Assert.Equal((result, readings), (ring.PeekIsResult, ring.PeekReadings));
            Assert.Equal(bytes, TakeOldest(ring));
        }
    }

    [Fact]
    public void Enqueue_and_dequeue_allocate_nothing()
    {
        var ring = new FrameRing(1000);
        var frame = new byte[100];
        var copy = new byte[100];
        for (var i = 0; i < 100; i++)
        {
            ring.Enqueue(frame, 0, 100, i % 3 == 0, 5);
            ring.CopyOldest(copy, 0);
            ring.Dequeue();
        }

        Allocations.AssertNone(
            i =>
            {
                ring.Enqueue(frame, 0, 100, i % 3 == 0, 5);
                if (i % 2 == 0)
                {
                    ring.CopyOldest(copy, 0);
                    ring.Dequeue();
                }
            },
            calls: 10000);
    }

    [Fact]
    public void A_frame_being_sent_is_not_evicted_and_leaves_only_when_delivered()
    {
        // Room for three 20-byte frames: telemetry 1 (being sent), result 2, telemetry 3.
        var ring = new FrameRing(3 * (20 + H));
        ring.Enqueue(Frame(1, 20), 0, 20, false, 1);
        ring.Enqueue(Frame(2, 20), 0, 20, true, 0);
        ring.Enqueue(Frame(3, 20), 0, 20, false, 4);
        var sent = new byte[64];
        Assert.Equal(20, ring.BeginSend(sent, 0));
        Assert.Equal(Frame(1, 20), sent[..20]);
        Assert.True(ring.IsSending);
        Assert.Equal(0, ring.BeginSend(new byte[64], 0)); // one at a time

        // The full ring evicts the oldest telemetry that is not being sent: frame 3, then frame 4.
        Assert.True(ring.Enqueue(Frame(4, 20), 0, 20, false, 8));
        Assert.True(ring.Enqueue(Frame(5, 20), 0, 20, false, 16));
        Assert.Equal((2L, 12L), (ring.DroppedFrames, ring.DroppedReadings));

        // Delivered: frame 1 leaves, the result stays first.
        ring.EndSend(true);
        Assert.False(ring.IsSending);
        Assert.Equal(Frame(2, 20), TakeOldest(ring));
        Assert.Equal(Frame(5, 20), TakeOldest(ring));
        Assert.True(ring.IsEmpty);
    }

    [Fact]
    public void A_frame_whose_send_failed_stays_first_and_can_be_evicted_again()
    {
        var ring = new FrameRing(2 * (20 + H));
        ring.Enqueue(Frame(1, 20), 0, 20, false, 3);
        ring.Enqueue(Frame(2, 20), 0, 20, false, 3);
        ring.BeginSend(new byte[64], 0);

        ring.EndSend(false);
        var again = new byte[64];
        Assert.Equal(20, ring.BeginSend(again, 0));
        Assert.Equal(Frame(1, 20), again[..20]);
        ring.EndSend(false);

        Assert.True(ring.Enqueue(Frame(3, 20), 0, 20, false, 3)); // evicts frame 1 again: it is no longer being sent
        Assert.Equal(Frame(2, 20), TakeOldest(ring));
        Assert.Equal(Frame(3, 20), TakeOldest(ring));
    }

    [Fact]
    public void A_ring_holding_only_results_and_the_frame_being_sent_refuses_new_telemetry()
    {
        var ring = new FrameRing(2 * (20 + H));
        ring.Enqueue(Frame(1, 20), 0, 20, false, 3);
        ring.Enqueue(Frame(2, 20), 0, 20, true, 0);
        ring.BeginSend(new byte[64], 0);

        Assert.False(ring.Enqueue(Frame(3, 20), 0, 20, false, 4));
        Assert.Equal((1L, 4L, 2), (ring.DroppedFrames, ring.DroppedReadings, ring.Count));
        ring.EndSend(true);
        Assert.True(ring.PeekIsResult);
    }

    [Fact]
    public void A_growing_ring_keeps_evicts_and_refuses_exactly_as_a_preallocated_one()
    {
        const int seed = 4105;
        TestContext.Current.TestOutputHelper?.WriteLine("seed " + seed);
        var random = new Random(seed);
        var whole = new FrameRing(301);
        var growing = new FrameRing(301, 16);
        var wholeCopy = new byte[301];
        var growingCopy = new byte[301];
        for (var i = 0; i < 20000; i++)
        {
            switch (random.Next(6))
            {
                case 0:
                case 1:
                case 2:
                    var frame = new byte[random.Next(1, 120)];
                    random.NextBytes(frame);
                    var isResult = random.Next(5) == 0;
                    var readings = isResult ? 0 : random.Next(1, 40);
                    Assert.Equal(
                        whole.Enqueue(frame, 0, frame.Length, isResult, readings),
                        growing.Enqueue(frame, 0, frame.Length, isResult, readings));
                    break;
                case 3:
                    Assert.Equal(whole.BeginSend(wholeCopy, 0), growing.BeginSend(growingCopy, 0));
                    break;
                case 4:
                    var delivered = random.Next(2) == 0;
                    whole.EndSend(delivered);
                    growing.EndSend(delivered);
                    break;
                default:
                    whole.Dequeue();
                    growing.Dequeue();
                    break;
            }

            Assert.Equal(
                (whole.Count, whole.UsedBytes, whole.ResultCount, whole.IsSending, whole.DroppedFrames, whole.DroppedReadings, whole.RefusedResults),
                (growing.Count, growing.UsedBytes, growing.ResultCount, growing.IsSending, growing.DroppedFrames, growing.DroppedReadings, growing.RefusedResults));
            Assert.Equal((whole.PeekLength, whole.PeekIsResult, whole.PeekReadings), (growing.PeekLength, growing.PeekIsResult, growing.PeekReadings));
            var length = whole.CopyOldest(wholeCopy, 0);
            Assert.Equal(length, growing.CopyOldest(growingCopy, 0));
            Assert.Equal(wholeCopy[..length], growingCopy[..length]);
        }

        Assert.Equal(301, growing.AllocatedBytes);
        Assert.True(whole.DroppedFrames > 0 && whole.RefusedResults > 0, "the run reached eviction and refusal");
    }

    [Fact]
    public void A_growing_ring_doubles_only_when_a_frame_does_not_fit_and_stops_at_its_capacity()
    {
        var ring = new FrameRing(1000, 64);
        Assert.Equal(64, ring.AllocatedBytes);

        ring.Enqueue(Frame(1, 40), 0, 40, false, 1); // 49 bytes: fits
        Assert.Equal(64, ring.AllocatedBytes);
        ring.Enqueue(Frame(2, 40), 0, 40, false, 1); // 98: doubles to 128
        Assert.Equal(128, ring.AllocatedBytes);
        ring.Dequeue();
        ring.Dequeue();
        Assert.Equal(128, ring.AllocatedBytes); // never shrinks

        Assert.True(ring.Enqueue(Frame(3, 900), 0, 900, false, 1)); // 909: 256, 512, then the capacity
        Assert.Equal(1000, ring.AllocatedBytes);
        Assert.Equal(Frame(3, 900), TakeOldest(ring));
        Assert.False(ring.Enqueue(Frame(4, 1000), 0, 1000, false, 1)); // larger than the capacity: refused, no growth
        Assert.Equal(1000, ring.AllocatedBytes);
    }

    [Theory]
    [InlineData(100, 9)]
    [InlineData(100, 101)]
    public void A_growing_ring_refuses_a_first_size_outside_its_header_and_capacity(int capacity, int initial)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameRing(capacity, initial));
    }
}
