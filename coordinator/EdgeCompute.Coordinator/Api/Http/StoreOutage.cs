using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EdgeCompute.Coordinator.Api.Http;

/// <summary>Whether an exception means the database is down or busy for now (worth a retry), as opposed to a bug or damage.</summary>
public static class StoreOutage
{
    private const int SqliteBusy = 5, SqliteLocked = 6;

    /// <summary>Tells whether <paramref name="exception"/> (or an inner one) is a store outage.</summary>
    /// <param name="exception">What a request's handler threw.</param>
    /// <returns>True for a database that cannot be reached, is shutting down or starting, refuses connections, or is locked.</returns>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres when postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
                    || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                        or PostgresErrorCodes.TooManyConnections:
                case NpgsqlException { IsTransient: true }:
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                case SocketException:
                    return true;
                case NpgsqlException when e is not PostgresException && e.InnerException is IOException or TimeoutException:
                    return true; // a broken or lost connection
                default:
                    break;
            }
        }

        return false;
    }
}
