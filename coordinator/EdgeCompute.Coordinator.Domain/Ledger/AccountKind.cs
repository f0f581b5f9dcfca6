namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>What an account is for, which decides whether its balance may go below zero.</summary>
public enum AccountKind
{
    /// <summary><c>system:emission</c>: the source of every unit; its balance is minus the total ever emitted, so it is the only account that may go negative.</summary>
    Emission = 1,

    /// <summary>Job escrow (<c>system:escrow:{job}</c>) holding submitted fees until the job settles; never negative.</summary>
    Escrow = 2,

    /// <summary><c>system:fees</c>: fees of verified jobs waiting to be paid out in an epoch; never negative.</summary>
    Fees = 3,

    /// <summary><c>owner:{id}</c>: a hardware owner's or job submitter's account; never negative.</summary>
    Owner = 4,
}
