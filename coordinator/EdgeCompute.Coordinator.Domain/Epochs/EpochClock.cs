namespace EdgeCompute.Coordinator.Domain.Epochs;

/// <summary>Maps instants to epochs: epoch <c>n</c> is <c>[genesis + n·length, genesis + (n+1)·length)</c>.</summary>
public sealed class EpochClock
{
    private readonly EpochPolicy _policy;
    private readonly TimeProvider _time;

    /// <summary>Creates the clock.</summary>
    /// <param name="policy">A valid policy (genesis and length are used).</param>
    /// <param name="time">The time source; tests pass a fake clock.</param>
    public EpochClock(EpochPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        var validation = policy.Validate();
        if (!validation.IsValid)
        {
            throw new ArgumentException(validation.ToString(), nameof(policy));
        }

        _policy = policy;
        _time = time;
    }

    /// <summary>Gets the policy the clock was made from (genesis, length, and the reward settings that travel with them).</summary>
    public EpochPolicy Policy => _policy;

    /// <summary>The current UTC time from the injected time provider.</summary>
    public DateTimeOffset UtcNow => _time.GetUtcNow();

    /// <summary>The epoch the current time falls in.</summary>
    public EpochWindow Current => EpochAt(UtcNow);

    /// <summary>The epoch <paramref name="time"/> falls in.</summary>
    /// <param name="time">An instant at or after genesis.</param>
    /// <returns>The epoch.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The instant is before genesis.</exception>
    public EpochWindow EpochAt(DateTimeOffset time)
    {
        var since = time.UtcTicks - _policy.Genesis.UtcTicks;
        if (since < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"before the epoch genesis {_policy.Genesis:O}");
        }

        return Window(since / _policy.EpochLength.Ticks);
    }

    /// <summary>The window of epoch <paramref name="id"/>.</summary>
    /// <param name="id">Epoch number, 0 or more.</param>
    /// <returns>The window.</returns>
    public EpochWindow Window(long id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        var start = _policy.Genesis.UtcDateTime.AddTicks(checked(id * _policy.EpochLength.Ticks));
        return new EpochWindow(id, new DateTimeOffset(start), new DateTimeOffset(start.Add(_policy.EpochLength)));
    }

    /// <summary>True when epoch <paramref name="window"/> has ended by the current time and may be closed.</summary>
    /// <param name="window">The epoch.</param>
    /// <returns>Whether <c>now &gt;= End</c>.</returns>
    public bool HasEnded(EpochWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return UtcNow >= window.End;
    }
}
