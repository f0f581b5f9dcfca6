using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Core.Tests.Agent;

/// <summary>The board's boot counter in two flash slots: counts up across restarts and never hands a boot out twice, whatever a power loss cuts short.</summary>
public sealed class SlottedBootCounterTests
{
    [Fact]
    public void Counts_up_across_restarts_writing_the_two_slots_in_turn()
    {
        var flash = new FlashSlots();

        var boots = Enumerable.Range(0, 5).Select(_ => new SlottedBootCounter(flash, 0).NextBoot()).ToArray();

        Assert.Equal([1u, 2u, 3u, 4u, 5u], boots);
        Assert.Equal([0, 1, 0, 1, 0], flash.Writes);
    }

    [Fact]
    public void Continues_above_the_counter_of_earlier_firmware()
    {
        var flash = new FlashSlots();

        Assert.Equal(42u, new SlottedBootCounter(flash, 41).NextBoot());
        Assert.Equal(43u, new SlottedBootCounter(flash, 0).NextBoot());
    }

    [Fact]
    public void A_slot_with_a_flipped_byte_reads_as_empty()
    {
        var record = new byte[BootCounterRecord.Length];
        BootCounterRecord.Write(7, record);
        Assert.True(BootCounterRecord.TryRead(record, record.Length, out var seven));
        Assert.Equal(7u, seven);

        record[5] ^= 0x10;

        Assert.False(BootCounterRecord.TryRead(record, record.Length, out _));
        Assert.False(BootCounterRecord.TryRead(record, BootCounterRecord.Length - 1, out _));
    }

    [Fact]
    public void A_power_loss_at_any_byte_of_a_write_never_lets_a_boot_be_handed_out_twice()
    {
        var random = TestSeed.Random(1421);
        var flash = new FlashSlots();
        var used = new List<uint>();
        var cuts = 0;
        for (var restart = 0; restart < 2_000; restart++)
        {
            // a power loss after 0..7 of the 8 bytes of this boot's write: the board restarts without using the boot
            flash.CutAfter = random.Next(4) == 0 ? random.Next(BootCounterRecord.Length) : null;
            try
            {
                used.Add(new SlottedBootCounter(flash, 0).NextBoot());
            }
            catch (PowerLossException)
            {
                cuts++;
            }
        }

        Assert.True(cuts > 100, $"only {cuts} power losses");
        Assert.Equal(used.Count, used.Distinct().Count());
        Assert.Equal(used.Order(), used);
    }

    private sealed class PowerLossException : Exception;

    private sealed class FlashSlots : IBootCounterSlots
    {
        private readonly byte[][] _slots = [[], []];

        public int? CutAfter { get; set; }

        public List<int> Writes { get; } = [];

        public int Read(int slot, byte[] buffer)
        {
            _slots[slot].CopyTo(buffer, 0);
            return _slots[slot].Length;
        }

        public void Write(int slot, byte[] buffer, int count)
        {
            Writes.Add(slot);
            _slots[slot] = buffer[..(CutAfter ?? count)];
            if (CutAfter is not null)
            {
                throw new PowerLossException();
            }
        }
    }
}
