using Microsoft.Data.Sqlite;
using Npgsql;

namespace EdgeCompute.Coordinator.Service;

/// <summary>Which start failures a restart may cure (exit 1: a full disk, a busy or unreachable database, a port held by another process) and which it cannot (78).</summary>
internal static class StartFailures
{
    private const int NoSpaceErrno = 28, SqliteBusy = 5, SqliteLocked = 6, SqliteFull = 13;

    /// <summary>The exit code for a failure of the stores or a listener.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <returns>1 or 78.</returns>
    public static int ExitCodeOf(Exception exception) => exception switch
    {
        IOException { HResult: NoSpaceErrno } => 1,
        SqliteException { SqliteErrorCode: SqliteFull or SqliteBusy or SqliteLocked } => 1,
        NpgsqlException or TimeoutException => 1,
        System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressNotAvailable } => CoordinatorServiceExtensions.ConfigurationErrorExitCode,
        System.Net.Sockets.SocketException => 1,
        _ when exception.GetType().Name == "AddressInUseException" => 1, // Kestrel's
        _ when exception.InnerException is { } inner => ExitCodeOf(inner),
        _ => CoordinatorServiceExtensions.ConfigurationErrorExitCode,
    };
}
