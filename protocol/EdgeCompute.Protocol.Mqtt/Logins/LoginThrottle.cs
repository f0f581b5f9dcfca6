using System.Net;
using EdgeCompute.Protocol.Mqtt.Guard;

namespace EdgeCompute.Protocol.Mqtt.Logins;

/// <summary>
/// Slows repeated failed logins from one address. Up to <see cref="BrokerGuardOptions.LoginFailuresBeforeDelay"/>
/// failures (within 10 minutes) cost nothing; past them every attempt from that address waits before its credentials are
/// checked — <see cref="BrokerGuardOptions.LoginDelay"/>, doubling with each further failure up to
/// <see cref="BrokerGuardOptions.LoginDelayMax"/> — and attempts waiting at the same time queue one behind the other, so
/// opening many connections buys no more guesses. Past <see cref="MaxWaiting"/> waiting attempts the next is refused at
/// once. A successful login clears the address. At most <see cref="MaxAddresses"/> addresses are remembered.
/// </summary>
public sealed class LoginThrottle
{
    /// <summary>How many attempts from one address may wait at once.</summary>
    public const int MaxWaiting = 8;

    /// <summary>How many addresses are remembered (the longest quiet ones are forgotten first).</summary>
    public const int MaxAddresses = 10_000;

    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(10);
    private readonly BrokerGuardOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<IPAddress, Entry> _entries = [];
    private readonly Lock _lock = new();
    private long _slowed;
    private long _turnedAway;

    /// <summary>Creates the throttle.</summary>
    /// <param name="options">The delays.</param>
    /// <param name="time">The clock of the delays and of forgetting.</param>
    public LoginThrottle(BrokerGuardOptions options, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Gets how many attempts were made to wait (counted once the wait has started).</summary>
    public long Slowed => Interlocked.Read(ref _slowed);

    /// <summary>Gets how many attempts were refused at once because too many from their address were waiting.</summary>
    public long TurnedAway => Interlocked.Read(ref _turnedAway);

    /// <summary>The delay the next attempt from <paramref name="address"/> would wait now (zero while it may go straight on).</summary>
    /// <param name="address">The remote address.</param>
    /// <returns>The delay.</returns>
    public TimeSpan DelayFor(IPAddress address)
    {
        lock (_lock)
        {
            return Delay(EntryOf(address), 1);
        }
    }

    /// <summary>Waits the address's turn before its credentials are checked.</summary>
    /// <param name="address">The remote address (null: not throttled).</param>
    /// <param name="cancellationToken">Cancels the wait (the connection went away).</param>
    /// <returns>The turn: admitted (check the credentials) or not (refuse at once).</returns>
    public async Task<LoginTurn> WaitTurnAsync(IPAddress? address, CancellationToken cancellationToken = default)
    {
        if (address is null)
        {
            return new LoginTurn(null, Admitted: true, Waited: false);
        }

        TimeSpan delay;
        lock (_lock)
        {
            var entry = EntryOf(address);
            if (entry.Failures < _options.LoginFailuresBeforeDelay)
            {
                return new LoginTurn(address, Admitted: true, Waited: false);
            }

            if (entry.Waiting >= MaxWaiting)
            {
                Interlocked.Increment(ref _turnedAway);
                return new LoginTurn(address, Admitted: false, Waited: false);
            }

            entry.Waiting++;
            delay = Delay(entry, entry.Waiting);
        }

        try
        {
            var wait = Task.Delay(delay, _time, cancellationToken); // the clock runs for it from here on
            Interlocked.Increment(ref _slowed);
            await wait.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Release(address);
            throw;
        }

        return new LoginTurn(address, Admitted: true, Waited: true);
    }

    /// <summary>Records how an attempt ended.</summary>
    /// <param name="turn">Its turn.</param>
    /// <param name="succeeded">Whether the login succeeded (clears the address) or failed (counts towards the delay).</param>
    public void Done(LoginTurn turn, bool succeeded)
    {
        if (turn.Address is not { } address)
        {
            return;
        }

        lock (_lock)
        {
            var entry = EntryOf(address);
            if (turn.Waited)
            {
                entry.Waiting = Math.Max(0, entry.Waiting - 1);
            }

            if (succeeded)
            {
                entry.Failures = 0;
            }
            else
            {
                entry.Failures++;
                entry.LastFailure = _time.GetUtcNow();
            }
        }
    }

    private void Release(IPAddress address)
    {
        lock (_lock)
        {
            var entry = EntryOf(address);
            entry.Waiting = Math.Max(0, entry.Waiting - 1);
        }
    }

    private TimeSpan Delay(Entry entry, int place)
    {
        if (entry.Failures < _options.LoginFailuresBeforeDelay)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(entry.Failures - _options.LoginFailuresBeforeDelay, 30);
        var each = Math.Min(_options.LoginDelayMax.Ticks, _options.LoginDelay.Ticks << doublings);
        return TimeSpan.FromTicks(each * place); // attempts waiting together go one behind the other
    }

    private Entry EntryOf(IPAddress address)
    {
        if (!_entries.TryGetValue(address, out var entry))
        {
            if (_entries.Count >= MaxAddresses)
            {
                var quiet = _entries.Where(e => e.Value.Waiting == 0).MinBy(e => e.Value.LastFailure);
                _entries.Remove(quiet.Key ?? _entries.Keys.First());
            }

            _entries[address] = entry = new Entry();
        }
        else if (entry.Failures > 0 && _time.GetUtcNow() - entry.LastFailure > Forget)
        {
            entry.Failures = 0;
        }

        return entry;
    }

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailure { get; set; } = DateTimeOffset.MinValue;

        public int Waiting { get; set; }
    }
}
