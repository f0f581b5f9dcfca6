namespace EdgeCompute.Gateway.Outbox;

/// <summary>How the outbox counts its size against <see cref="Configuration.OutboxOptions.MaxBytes"/>.</summary>
public static class OutboxSize
{
    /// <summary>Bytes charged per stored row on top of its payload (keys, hash, index entries).</summary>
    public const int RowOverheadBytes = 64;

    /// <summary>The size charged for a row holding <paramref name="payloadBytes"/> bytes.</summary>
    /// <param name="payloadBytes">The stored payload length.</param>
    /// <returns>The charged size.</returns>
    public static long Of(int payloadBytes) => payloadBytes + RowOverheadBytes;
}
