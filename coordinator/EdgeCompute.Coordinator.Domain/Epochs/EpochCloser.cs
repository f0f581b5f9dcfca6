using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;

namespace EdgeCompute.Coordinator.Domain.Epochs;

/// <summary>
/// Closes epochs, idempotently: given the statement already stored for the epoch it returns that statement
/// unchanged and no plan (a closed epoch never changes and is paid once); otherwise, once the epoch has ended by the
/// clock, it computes the plan from the credits committed in the epoch and signs the statement. The caller books the
/// plan and stores the statement in one transaction keyed by the epoch id.
/// </summary>
public sealed class EpochCloser
{
    private readonly EpochClock _clock;
    private readonly RewardCalculator _calculator;
    private readonly ECDsa _coordinatorKey;

    /// <summary>Creates the closer.</summary>
    /// <param name="policy">A valid policy.</param>
    /// <param name="clock">The epoch clock (its time provider says whether an epoch is over).</param>
    /// <param name="coordinatorKey">The coordinator's P-256 signing key; the caller owns it.</param>
    public EpochCloser(EpochPolicy policy, EpochClock clock, ECDsa coordinatorKey)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(coordinatorKey);
        _calculator = new RewardCalculator(policy);
        _clock = clock;
        _coordinatorKey = coordinatorKey;
    }

    /// <summary>Closes <paramref name="epoch"/>, or returns its stored statement.</summary>
    /// <param name="epoch">The epoch (must be the clock's window for its id).</param>
    /// <param name="inputs">Credits, fees and the ledger chain head.</param>
    /// <param name="alreadyClosedStatement">The statement stored for this epoch, if any.</param>
    /// <returns>The outcome with its reason code.</returns>
    public EpochCloseResult Close(EpochWindow epoch, EpochInputs inputs, EpochStatement? alreadyClosedStatement)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        ArgumentNullException.ThrowIfNull(inputs);
        if (epoch != _clock.Window(epoch.Id))
        {
            throw new ArgumentException($"epoch {epoch.Id} [{epoch.Start:O}, {epoch.End:O}) is not the policy's window {_clock.Window(epoch.Id)}", nameof(epoch));
        }

        if (alreadyClosedStatement is not null)
        {
            return alreadyClosedStatement.EpochId == epoch.Id
                ? new EpochCloseResult(EpochCloseReason.AlreadyClosed, alreadyClosedStatement, null, $"epoch {epoch.Id} was already closed; nothing is paid again")
                : new EpochCloseResult(EpochCloseReason.StatementOfAnotherEpoch, null, null, $"stored statement is for epoch {alreadyClosedStatement.EpochId}, not {epoch.Id}");
        }

        if (!_clock.HasEnded(epoch))
        {
            return new EpochCloseResult(EpochCloseReason.EpochNotOver, null, null, $"epoch {epoch.Id} ends at {epoch.End:O}, now is {_clock.UtcNow:O}");
        }

        var plan = _calculator.Calculate(epoch, inputs);
        var statement = EpochStatementSigner.Sign(epoch, plan, inputs.LedgerHead, _coordinatorKey);
        return new EpochCloseResult(EpochCloseReason.Closed, statement, plan, $"epoch {epoch.Id} closed: pot {plan.Pot}, paid {plan.TotalPaid} to {plan.Payouts.Count} owners, carried {plan.Carried}");
    }
}
