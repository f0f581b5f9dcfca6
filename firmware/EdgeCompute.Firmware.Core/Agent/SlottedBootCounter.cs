using System;

namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>
/// A boot counter that survives a power loss at any moment: two slots written in turn (<see cref="BootCounterRecord"/>),
/// the new counter always into the slot that does not hold the highest one, flushed before <see cref="NextBoot"/>
/// returns. A write cut short leaves a torn slot, which reads as empty, while the other slot still names the last boot
/// handed out, so no boot is ever handed out twice.
/// </summary>
public sealed class SlottedBootCounter : IBootCounter
{
    private readonly IBootCounterSlots _slots;
    private readonly uint _floor;
    private readonly byte[] _record = new byte[BootCounterRecord.Length];

    /// <summary>Creates the counter.</summary>
    /// <param name="slots">The two slots.</param>
    /// <param name="floor">A counter known from elsewhere (the single file of earlier firmware); the next boot is above it.</param>
    public SlottedBootCounter(IBootCounterSlots slots, uint floor)
    {
        if (slots == null)
        {
            throw new ArgumentNullException(nameof(slots));
        }

        _slots = slots;
        _floor = floor;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The counter would pass <see cref="uint.MaxValue"/>.</exception>
    public uint NextBoot()
    {
        uint first;
        uint second;
        var firstValid = BootCounterRecord.TryRead(_record, _slots.Read(0, _record), out first);
        var secondValid = BootCounterRecord.TryRead(_record, _slots.Read(1, _record), out second);
        var current = first > second ? first : second;
        if (_floor > current)
        {
            current = _floor;
        }

        if (current == uint.MaxValue)
        {
            throw new InvalidOperationException("boot counter exhausted");
        }

        var next = current + 1;
        BootCounterRecord.Write(next, _record);
        _slots.Write(BootCounterRecord.SlotToWrite(firstValid, first, secondValid, second), _record, BootCounterRecord.Length);
        return next;
    }
}
