using System.Net.Sockets;
using EdgeCompute.Protocol.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EdgeCompute.Cli.Hosting;

/// <summary>
/// The one place the commands turn an exception into something a user can act on: its <see cref="Kind"/>, a short
/// <see cref="Reason"/> (no stack trace) and the exit code that kind gets. Each command then names its own option
/// (<c>--listen</c>, <c>--data</c>, …) for the kinds it can explain (<see cref="CommandFailures"/>).
/// </summary>
/// <param name="Kind">The kind.</param>
/// <param name="Reason">What happened, in a few words, such as "address already in use" or "database disk image is malformed".</param>
internal sealed record FailureCause(FailureKind Kind, string Reason)
{
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteReadOnly = 8, SqliteIoError = 10, SqliteCorrupt = 11, SqliteFull = 13, SqliteCantOpen = 14, SqlitePermission = 3, SqliteNotADatabase = 26;
    private const int NoSpaceErrno = 28, DiskFullWin32 = 0x70, HandleDiskFullWin32 = 0x27;

    /// <summary>Gets the exit code of this kind (<see cref="ExitCodes"/>).</summary>
    public int ExitCode => Kind switch
    {
        FailureKind.AddressUnavailable or FailureKind.FolderUnusable or FailureKind.StoreDamaged or FailureKind.SettingInvalid => ExitCodes.Configuration,
        _ => ExitCodes.Failure,
    };

    /// <summary>Classifies an exception (and its inner exceptions).</summary>
    /// <param name="exception">What was thrown.</param>
    /// <returns>The cause.</returns>
    public static FailureCause Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (SettingValueError.TryFind(exception, out var setting))
        {
            return new(FailureKind.SettingInvalid, setting.Describe($"{setting.EnvironmentVariable} (or the option that sets it)"));
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (Classify(e) is { } cause)
            {
                return cause;
            }

            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate && Of(aggregate.InnerExceptions[0]) is { Kind: not FailureKind.Unknown } inner)
            {
                return inner;
            }
        }

        return new(FailureKind.Unknown, $"{exception.GetType().Name}: {exception.Message}");
    }

    private static FailureCause? Classify(Exception e) => e switch
    {
        OptionsValidationException validation => new(FailureKind.SettingInvalid, string.Join("; ", validation.Failures)),
        SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } => new(FailureKind.PortInUse, "the port is in use"),
        SocketException { SocketErrorCode: SocketError.AccessDenied } => new(FailureKind.PortInUse, "permission denied (ports below 1024 need root)"),
        SocketException { SocketErrorCode: SocketError.AddressNotAvailable } => new(FailureKind.AddressUnavailable, "the address is not one of this machine's"),
        _ when e.GetType().Name == "AddressInUseException" => new(FailureKind.PortInUse, "the port is in use"), // Kestrel's
        SqliteException sqlite => Sqlite(sqlite),
        NpgsqlException or TimeoutException when e is not OperationCanceledException => new(FailureKind.StoreUnavailable, OneLine(e.Message)),
        IOException io when io.HResult is NoSpaceErrno or DiskFullWin32 or HandleDiskFullWin32 || (io.HResult & 0xFFFF) is DiskFullWin32 or HandleDiskFullWin32 =>
            new(FailureKind.DiskFull, OneLine(io.Message)),
        UnauthorizedAccessException or DirectoryNotFoundException or FileNotFoundException or PathTooLongException => new(FailureKind.FolderUnusable, OneLine(e.Message)),
        IOException io when e.GetType() == typeof(IOException) => new(FailureKind.FolderUnusable, OneLine(io.Message)),
        _ => null,
    };

    private static FailureCause? Sqlite(SqliteException e) => e.SqliteErrorCode switch
    {
        SqliteCorrupt or SqliteNotADatabase => new(FailureKind.StoreDamaged, OneLine(e.Message)),
        SqliteFull => new(FailureKind.DiskFull, OneLine(e.Message)),
        SqliteCantOpen or SqliteReadOnly or SqlitePermission or SqliteIoError => new(FailureKind.FolderUnusable, OneLine(e.Message)),
        SqliteBusy or SqliteLocked => new(FailureKind.StoreUnavailable, $"{OneLine(e.Message)} (another process holds the database)"),
        _ => null,
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
}
