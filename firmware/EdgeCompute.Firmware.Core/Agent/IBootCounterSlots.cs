namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>
/// The two flash slots a <see cref="SlottedBootCounter"/> keeps its counter in (files on the board's internal storage,
/// memory in tests).
/// </summary>
public interface IBootCounterSlots
{
    /// <summary>Reads a slot into <paramref name="buffer"/>.</summary>
    /// <param name="slot">0 or 1.</param>
    /// <param name="buffer">At least <see cref="BootCounterRecord.Length"/> bytes.</param>
    /// <returns>The bytes read; 0 when the slot was never written.</returns>
    int Read(int slot, byte[] buffer);

    /// <summary>Replaces a slot's contents and flushes them to the medium before returning.</summary>
    /// <param name="slot">0 or 1.</param>
    /// <param name="buffer">The bytes to write.</param>
    /// <param name="count">How many.</param>
    void Write(int slot, byte[] buffer, int count);
}
