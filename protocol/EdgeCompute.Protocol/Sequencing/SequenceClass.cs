namespace EdgeCompute.Protocol.Sequencing;

/// <summary>How an arriving message relates to what is stored under its <see cref="SequenceKey"/>.</summary>
public enum SequenceClass
{
    /// <summary>The key was not seen before: store it.</summary>
    Accepted,

    /// <summary>Seen before with the same payload hash: acknowledge again, store once.</summary>
    Duplicate,

    /// <summary>Seen before with a different payload hash: reject and count; the first one stays.</summary>
    Conflict,
}
