namespace EdgeCompute.Coordinator.UseCases;

/// <summary>What the work use cases count (per process; the store's totals are in <c>WorkStats</c>).</summary>
public enum WorkCounter
{
    /// <summary>A job accepted and funded.</summary>
    JobAccepted,

    /// <summary>A job refused (bad spec, unknown submitter, not funded, duplicate id, no node for its data).</summary>
    JobRefused,

    /// <summary>An assignment sent.</summary>
    AssignmentIssued,

    /// <summary>An assignment that could not be placed in a pass (no eligible node).</summary>
    PlacementShort,

    /// <summary>An assignment withdrawn past its deadline.</summary>
    AssignmentOverdue,

    /// <summary>An assignment handed back by its gateway.</summary>
    AssignmentReturned,

    /// <summary>An assignment withdrawn because its gateway went offline (its will, its state or its silence).</summary>
    AssignmentGatewayGone,

    /// <summary>A device result whose MAC does not verify against the assignment issued for it (altered, forged or replayed against another task).</summary>
    ResultBadMac,

    /// <summary>A result for which no assignment was issued to that node.</summary>
    ResultNotIssued,

    /// <summary>A result seen before (same task, slot and node).</summary>
    ResultReplayed,

    /// <summary>A result recorded after its slot was withdrawn or its task decided: not paid.</summary>
    ResultLate,

    /// <summary>A result judged valid.</summary>
    ResultValid,

    /// <summary>A result judged invalid (penalised).</summary>
    ResultInvalid,

    /// <summary>A task verified.</summary>
    TaskVerified,

    /// <summary>A task given up.</summary>
    TaskFailed,

    /// <summary>A job completed.</summary>
    JobCompleted,

    /// <summary>A job failed and refunded.</summary>
    JobFailed,

    /// <summary>A job cancelled by its submitter or the operator.</summary>
    JobCancelled,

    /// <summary>A reported trap the coordinator's re-execution reproduced: the module's fault, its job failed.</summary>
    TrapReproduced,

    /// <summary>A reported trap the coordinator's re-execution did not reproduce: only that node's result failed.</summary>
    TrapNotReproduced,

    /// <summary>A gateway reported a module malformed that the coordinator's own compilation accepts: the report fails only that node's result.</summary>
    MalformedNotConfirmed,

    /// <summary>A gateway result naming an output blob the store does not hold (the gateway must upload first): rejected, not judged.</summary>
    ResultOutputNotStored,

    /// <summary>A quorum of a WebAssembly task won with a suspect node among the winners, held back from paying until the coordinator re-executes the task.</summary>
    SuspectQuorumHeld,

    /// <summary>A held suspect quorum judged against the coordinator's own re-execution of the task.</summary>
    SuspectQuorumReExecuted,

    /// <summary>A held suspect quorum the coordinator could not re-execute (a data-local task, its blobs gone, or its module does not compile here): the vote stands.</summary>
    SuspectQuorumNotReExecutable,

    /// <summary>A task of a result batch read again under the work lock, because this process wrote it after the batch's read (taken before the lock).</summary>
    ResultBatchTaskReRead,

    /// <summary>A task of a result batch that this process's own last write had changed since the batch's read: its state taken from that write, not read again.</summary>
    ResultBatchTaskFromOwnWrite,

    /// <summary>A result batch whose all-or-nothing write found the store changed (by another replica) and was recorded one result at a time.</summary>
    ResultBatchFellBack,
}
