namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>Where an assignment is.</summary>
public enum AssignmentState
{
    /// <summary>Sent; waiting for the result.</summary>
    Issued = 1,

    /// <summary>A result arrived for it.</summary>
    Answered = 2,

    /// <summary>Handed back by its gateway, or past its deadline: the slot is (or will be) reissued to another node.</summary>
    Withdrawn = 3,

    /// <summary>Its task was decided before it answered; a result for it is recorded and not paid.</summary>
    Closed = 4,
}
