using System.Data.Common;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using EdgeCompute.Coordinator.Domain.Ledger;

namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>
/// The statement SQL both ledger stores share. Table <c>ledger_statements (epoch_id primary key, bytes)</c>, one row per
/// closed epoch, the bytes in <see cref="EpochStatementStorageEncoding"/>. A row is written only by
/// <see cref="CloseEpochAsync"/>, in the same transaction as the epoch's payouts.
/// </summary>
internal static class LedgerStatementJournal
{
    /// <summary>Closes an epoch inside the caller's write transaction, which already holds the writer lock; the caller commits when <see cref="EpochCloseBooking.Reason"/> is <see cref="EpochCloseBookingReason.Booked"/>.</summary>
    public static async Task<EpochCloseBooking> CloseEpochAsync(DbConnection connection, DbTransaction transaction, EpochStatement statement,
        IReadOnlyList<LedgerTransfer> payouts, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(connection, transaction, statement.EpochId, cancellationToken).ConfigureAwait(false);
        if (stored is not null) return new EpochCloseBooking(EpochCloseBookingReason.AlreadyClosed, stored, null);

        var append = await LedgerJournal.AppendAsync(connection, transaction, payouts, LedgerBatchMode.AllOrNothing, timeProvider, cancellationToken)
            .ConfigureAwait(false);
        if (!append.IsSuccess) return new EpochCloseBooking(EpochCloseBookingReason.Refused, statement, append);

        await using var insert = LedgerJournal.Command(connection, transaction, "INSERT INTO ledger_statements (epoch_id, bytes) VALUES (@epoch, @bytes)");
        LedgerJournal.Add(insert, "epoch", statement.EpochId);
        LedgerJournal.Add(insert, "bytes", EpochStatementStorageEncoding.Encode(statement));
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        Runtime.FailPoint.Reach(Runtime.FailPoint.EpochCloseBeforeCommit);
        return new EpochCloseBooking(EpochCloseBookingReason.Booked, statement, append);
    }

    public static async Task<EpochStatement?> ReadAsync(DbConnection connection, DbTransaction? transaction, long epochId, CancellationToken cancellationToken)
    {
        var rows = await ReadRangeAsync(connection, transaction, "WHERE epoch_id = @from", epochId, 1, cancellationToken).ConfigureAwait(false);
        return rows.Count == 1 ? rows[0] : null;
    }

    public static Task<IReadOnlyList<EpochStatement>> ReadFromAsync(DbConnection connection, long fromEpochId, int maxCount, CancellationToken cancellationToken) =>
        ReadRangeAsync(connection, null, "WHERE epoch_id >= @from", fromEpochId, maxCount, cancellationToken);

    public static async Task<long?> ReadLastEpochIdAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = LedgerJournal.Command(connection, null, "SELECT MAX(epoch_id) FROM ledger_statements");
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<IReadOnlyList<EpochStatement>> ReadRangeAsync(DbConnection connection, DbTransaction? transaction, string where, long from, int maxCount,
        CancellationToken cancellationToken)
    {
        if (maxCount <= 0) return [];
        await using var command = LedgerJournal.Command(connection, transaction, $"SELECT epoch_id, bytes FROM ledger_statements {where} ORDER BY epoch_id LIMIT @count");
        LedgerJournal.Add(command, "from", from);
        LedgerJournal.Add(command, "count", maxCount);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var statements = new List<EpochStatement>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var epochId = reader.GetInt64(0);
            if (!EpochStatementStorageEncoding.TryDecode(reader.GetFieldValue<byte[]>(1), out var statement) || statement!.EpochId != epochId)
                throw new InvalidDataException($"the statement stored for epoch {epochId} is not a well-formed statement of that epoch");
            statements.Add(statement);
        }
        return statements;
    }
}
