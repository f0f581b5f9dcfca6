using Npgsql;

namespace EdgeCompute.Coordinator.Storage;

/// <summary>The connection settings the PostgreSQL stores on the ingest path add to the connection string they are given.</summary>
internal static class PostgresTuning
{
    /// <summary>
    /// Their statements are few and fixed, so each is prepared on its second use (unless the connection string sets
    /// <c>Max Auto Prepare</c> itself); and since none of them sets session state, a connection returned to the pool
    /// needs no reset (which costs a statement on the next use and would drop the prepared statements).
    /// </summary>
    public static NpgsqlConnectionStringBuilder Apply(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        builder.NoResetOnClose = true;
        return builder;
    }
}
