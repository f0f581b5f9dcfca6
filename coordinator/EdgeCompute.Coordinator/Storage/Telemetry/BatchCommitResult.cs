using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Sequencing;

namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>What committing a batch did.</summary>
/// <param name="Batch">The batch key's classification: <see cref="SequenceClass.Accepted"/> (stored now),
/// <see cref="SequenceClass.Duplicate"/> (stored before, nothing written), <see cref="SequenceClass.Conflict"/> (another
/// body under that key, nothing written).</param>
/// <param name="Frames">Per frame, in the order given; empty unless the batch was accepted.</param>
/// <param name="ReusedBoots">The device boots this batch showed to be used twice (<see cref="BootReuseRecord"/>); empty
/// unless the batch was accepted.</param>
public sealed record BatchCommitResult(SequenceClass Batch, IReadOnlyList<SequenceClass> Frames, IReadOnlyList<BootReuseRecord> ReusedBoots);
