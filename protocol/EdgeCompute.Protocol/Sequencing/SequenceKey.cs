namespace EdgeCompute.Protocol.Sequencing;

/// <summary>
/// The key a message is unique on (docs/protocol.md, "Duplicates and replays"): device frames on (device, boot, seq),
/// gateway batches on (gateway, boot, seq). A new boot restarts the seq space, so (boot 4, seq 1) is a new key even
/// after (boot 3, seq 900).
/// </summary>
/// <param name="Sender">The device or gateway id.</param>
/// <param name="Boot">The sender's boot counter.</param>
/// <param name="Seq">The seq within the boot.</param>
public readonly record struct SequenceKey(string Sender, uint Boot, ulong Seq)
{
    /// <summary>For logs: <c>sender/boot/seq</c>.</summary>
    /// <returns>The key as text.</returns>
    public override string ToString() => $"{Sender}/{Boot}/{Seq}";
}
