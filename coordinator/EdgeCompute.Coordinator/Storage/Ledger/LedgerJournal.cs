using System.Data.Common;
using EdgeCompute.Coordinator.Domain.Ledger;

namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>
/// The SQL both stores share (plain ADO.NET, portable between SQLite and PostgreSQL), so they behave the same; each
/// store only opens connections, creates its schema and takes its writer lock. Tables: <c>ledger_entries</c> (one row
/// per entry, unique on sequence and on idempotency key), <c>ledger_postings</c> (one row per leg) and
/// <c>ledger_balances</c> (running balance per account).
/// </summary>
internal static class LedgerJournal
{
    private const string EntryColumns = "seq, idempotency_key, epoch, time_us, kind, memo, prev_hash, hash";

    /// <summary>Books <paramref name="transfers"/> inside the caller's write transaction, which already holds the writer lock.</summary>
    public static async Task<LedgerAppendResult> AppendAsync(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<LedgerTransfer> transfers, LedgerBatchMode mode, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var head = await ReadHeadAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var existing = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        foreach (var key in transfers.Select(t => t.IdempotencyKey).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var entry = await FindByKeyAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false);
            if (entry is not null) existing[key] = entry;
        }
        var accounts = transfers.SelectMany(t => t.Postings ?? []).Select(p => p.Account).Where(a => a.Value is not null).Distinct();
        var balances = new Dictionary<AccountId, long>();
        foreach (var account in accounts)
        {
            balances[account] = await ReadBalanceAsync(connection, transaction, account, cancellationToken).ConfigureAwait(false);
        }

        var book = new LedgerBook(head, balances, existing, timeProvider);
        var outcomes = transfers.Select(book.Book).ToList();
        if (mode == LedgerBatchMode.AllOrNothing && outcomes.Any(o => !o.IsSuccess))
        {
            var refused = outcomes.Select(o => o.ReasonCode == LedgerReasonCode.Booked ? o with { ReasonCode = LedgerReasonCode.BatchRefused, Entry = null } : o);
            return new LedgerAppendResult(refused.ToList(), head);
        }
        await WriteAsync(connection, transaction, book, cancellationToken).ConfigureAwait(false);
        return new LedgerAppendResult(outcomes, book.Head);
    }

    public static async Task<LedgerHead> ReadHeadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return LedgerHead.Genesis;
        return new LedgerHead(reader.GetInt64(0), LedgerHash.FromBytes(reader.GetFieldValue<byte[]>(1)));
    }

    public static async Task<LedgerEntry?> FindByKeyAsync(DbConnection connection, DbTransaction? transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT seq FROM ledger_entries WHERE idempotency_key = @key");
        Add(command, "key", key);
        var seq = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (seq is null or DBNull) return null;
        var entries = await ReadEntriesAsync(connection, transaction, Convert.ToInt64(seq, System.Globalization.CultureInfo.InvariantCulture), 1, cancellationToken)
            .ConfigureAwait(false);
        return entries.Count == 1 ? entries[0] : null;
    }

    public static async Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(DbConnection connection, DbTransaction? transaction, long fromSequence, int maxCount,
        CancellationToken cancellationToken)
    {
        if (maxCount <= 0) return [];
        var rows = new List<(long Seq, string Key, long Epoch, long Time, string Kind, string Memo, byte[] Prev, byte[] Hash)>();
        await using (var command = Command(connection, transaction,
            $"SELECT {EntryColumns} FROM ledger_entries WHERE seq >= @from ORDER BY seq LIMIT @count"))
        {
            Add(command, "from", fromSequence);
            Add(command, "count", maxCount);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5),
                    reader.GetFieldValue<byte[]>(6), reader.GetFieldValue<byte[]>(7)));
            }
        }
        if (rows.Count == 0) return [];

        var postings = new Dictionary<long, List<Posting>>();
        await using (var command = Command(connection, transaction,
            "SELECT seq, account, amount FROM ledger_postings WHERE seq >= @first AND seq <= @last ORDER BY seq, idx"))
        {
            Add(command, "first", rows[0].Seq);
            Add(command, "last", rows[^1].Seq);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var seq = reader.GetInt64(0);
                if (!postings.TryGetValue(seq, out var list)) postings[seq] = list = [];
                list.Add(new Posting(ParseAccount(seq, reader.GetString(1)), reader.GetInt64(2)));
            }
        }

        // a stored hash of the wrong length is tampering too: it becomes a hash that cannot match, not an exception
        return rows.Select(r => new LedgerEntry(r.Seq, r.Key, r.Epoch, LedgerTime.FromUnixMicroseconds(r.Time), r.Kind, r.Memo,
            postings.GetValueOrDefault(r.Seq) ?? [], StoredHash(r.Prev), StoredHash(r.Hash))).ToList();
    }

    private static LedgerHash StoredHash(byte[] bytes) =>
        bytes.Length == LedgerHash.Length ? LedgerHash.FromBytes(bytes) : LedgerHash.FromBytes(System.Security.Cryptography.SHA256.HashData(bytes));

    public static async Task<long> ReadBalanceAsync(DbConnection connection, DbTransaction? transaction, AccountId account, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT balance FROM ledger_balances WHERE account = @account");
        Add(command, "account", account.Value);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<IReadOnlyDictionary<AccountId, long>> ReadBalancesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, "SELECT account, balance FROM ledger_balances ORDER BY account");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var balances = new Dictionary<AccountId, long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            balances[ParseAccount(0, reader.GetString(0))] = reader.GetInt64(1);
        }
        return balances;
    }

    /// <summary>Writes the book's pending entries, their postings and the balance changes (one round trip each under PostgreSQL).</summary>
    private static async Task WriteAsync(DbConnection connection, DbTransaction transaction, LedgerBook book, CancellationToken cancellationToken)
    {
        await DbRows.ExecuteEachAsync(connection, transaction,
            $"INSERT INTO ledger_entries ({EntryColumns}) VALUES (@seq, @key, @epoch, @time, @kind, @memo, @prev, @hash)",
            book.Pending.Select(e => new (string, object?)[]
            {
                ("seq", e.Sequence), ("key", e.IdempotencyKey), ("epoch", e.EpochId), ("time", LedgerTime.ToUnixMicroseconds(e.Timestamp)), ("kind", e.Kind),
                ("memo", e.Memo), ("prev", e.PreviousHash.ToArray()), ("hash", e.Hash.ToArray()),
            }), cancellationToken).ConfigureAwait(false);
        await DbRows.ExecuteEachAsync(connection, transaction, "INSERT INTO ledger_postings (seq, idx, account, amount) VALUES (@seq, @idx, @account, @amount)",
            book.Pending.SelectMany(e => e.Postings.Select((p, i) => new (string, object?)[] { ("seq", e.Sequence), ("idx", i), ("account", p.Account.Value), ("amount", p.Amount) })),
            cancellationToken).ConfigureAwait(false);
        await DbRows.ExecuteEachAsync(connection, transaction,
            "INSERT INTO ledger_balances (account, balance) VALUES (@account, @delta) " +
            "ON CONFLICT (account) DO UPDATE SET balance = ledger_balances.balance + excluded.balance",
            book.BalanceChanges.Select(c => new (string, object?)[] { ("account", c.Key.Value), ("delta", c.Value) }), cancellationToken).ConfigureAwait(false);
    }

    private static AccountId ParseAccount(long sequence, string text) =>
        AccountId.TryParse(text, out var account)
            ? account
            : throw new InvalidDataException($"ledger entry {sequence} names '{text}', which is not a ledger account");

    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    internal static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
