using System.Data.Common;

namespace EdgeCompute.Coordinator.Storage;

/// <summary>Many rows of one statement in one transaction, in as few round trips as the provider allows.</summary>
internal static class DbRows
{
    /// <summary>Builds a command with <c>@name</c> parameters (null becomes SQL NULL); the stores' one way to make a command.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Runs one statement and returns the rows it changed.</summary>
    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one statement for each parameter row inside the transaction and returns the rows each changed: as one
    /// round trip (<see cref="DbBatch"/>) where the provider has batches (Npgsql), else as one prepared command
    /// re-executed with new values (SQLite, in process).
    /// </summary>
    public static async Task<int[]> ExecuteEachAsync(DbConnection connection, DbTransaction transaction, string sql, IEnumerable<(string Name, object? Value)[]> rows,
        CancellationToken cancellationToken)
    {
        var list = rows as IReadOnlyList<(string Name, object? Value)[]> ?? [.. rows];
        var affected = new int[list.Count];
        if (list.Count == 0)
        {
            return affected;
        }

        if (connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var row in list)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                foreach (var (name, value) in row)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@" + name;
                    parameter.Value = value ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < list.Count; i++)
            {
                affected[i] = batch.BatchCommands[i].RecordsAffected;
            }

            return affected;
        }

        await using var prepared = connection.CreateCommand();
        prepared.Transaction = transaction;
        prepared.CommandText = sql;
        foreach (var (name, value) in list[0])
        {
            var parameter = prepared.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            prepared.Parameters.Add(parameter);
        }

        for (var i = 0; i < list.Count; i++)
        {
            var row = list[i];
            for (var p = 0; p < row.Length; p++)
            {
                prepared.Parameters[p].Value = row[p].Value ?? DBNull.Value;
            }

            affected[i] = await prepared.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return affected;
    }
}
