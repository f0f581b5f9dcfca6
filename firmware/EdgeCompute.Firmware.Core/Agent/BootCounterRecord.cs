using System;

namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>
/// The boot counter as flash keeps it: two slots of 8 bytes written in turn, each the counter and its complement
/// (little-endian), so a write cut short by a power loss is recognised and the other slot still names the last boot
/// that may have been used. <see cref="SlottedBootCounter"/> writes the slot that does not hold the highest counter.
/// </summary>
public static class BootCounterRecord
{
    /// <summary>The bytes of one slot.</summary>
    public const int Length = 8;

    /// <summary>Writes <paramref name="value"/> and its complement into <paramref name="record"/>.</summary>
    /// <param name="value">The counter.</param>
    /// <param name="record">At least <see cref="Length"/> bytes.</param>
    public static void Write(uint value, byte[] record)
    {
        if (record == null || record.Length < Length)
        {
            throw new ArgumentException("record too short");
        }

        Put(value, record, 0);
        Put(~value, record, 4);
    }

    /// <summary>Reads a slot; false when it is missing, short or torn (the complement does not match).</summary>
    /// <param name="record">The bytes read.</param>
    /// <param name="count">How many bytes were read.</param>
    /// <param name="value">The counter when valid, else 0.</param>
    /// <returns>Whether the slot holds a counter.</returns>
    public static bool TryRead(byte[] record, int count, out uint value)
    {
        value = 0;
        if (record == null || count < Length || record.Length < Length)
        {
            return false;
        }

        var stored = Get(record, 0);
        if (Get(record, 4) != ~stored)
        {
            return false;
        }

        value = stored;
        return true;
    }

    /// <summary>Which slot (0 or 1) the next counter goes to: the one that does not hold the highest valid counter.</summary>
    /// <param name="firstValid">Whether slot 0 holds a counter.</param>
    /// <param name="first">Slot 0's counter.</param>
    /// <param name="secondValid">Whether slot 1 holds a counter.</param>
    /// <param name="second">Slot 1's counter.</param>
    /// <returns>0 or 1.</returns>
    public static int SlotToWrite(bool firstValid, uint first, bool secondValid, uint second)
    {
        return firstValid && (!secondValid || first >= second) ? 1 : 0;
    }

    private static void Put(uint value, byte[] buffer, int offset)
    {
        buffer[offset] = (byte)value;
        buffer[offset + 1] = (byte)(value >> 8);
        buffer[offset + 2] = (byte)(value >> 16);
        buffer[offset + 3] = (byte)(value >> 24);
    }

    private static uint Get(byte[] buffer, int offset)
    {
        return (uint)(buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16) | (buffer[offset + 3] << 24));
    }
}
