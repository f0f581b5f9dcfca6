namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>A result's verdict.</summary>
public enum ResultVerdict
{
    /// <summary>Waiting for other replicas or a check.</summary>
    Pending = 1,

    /// <summary>Valid and credited (at most one credited result per task slot).</summary>
    Valid = 2,

    /// <summary>Wrong (disagreed with the quorum, failed a check, bad MAC); penalised.</summary>
    Invalid = 3,

    /// <summary>Recorded but not paid: it came after its slot was withdrawn or its task was decided, or duplicated a paid slot.</summary>
    NotPaid = 4,
}
