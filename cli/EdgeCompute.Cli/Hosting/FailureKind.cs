namespace EdgeCompute.Cli.Hosting;

/// <summary>What kind of failure an exception from a library or the runtime is, as far as a user can act on it (<see cref="FailureCause"/>).</summary>
internal enum FailureKind
{
    /// <summary>Nothing a user can fix from here: a bug (exit 1, with the stack trace under <c>--verbose</c>).</summary>
    Unknown,

    /// <summary>Something else listens on the port (exit 1: it may be gone on the next try).</summary>
    PortInUse,

    /// <summary>The address to listen on is not one of this machine's (exit 78).</summary>
    AddressUnavailable,

    /// <summary>A folder or file cannot be created, read or written: missing parent, permissions, a file where a folder should be (exit 78).</summary>
    FolderUnusable,

    /// <summary>The disk (or the database's size limit) is full (exit 1).</summary>
    DiskFull,

    /// <summary>A database file is damaged or is not a database (exit 78).</summary>
    StoreDamaged,

    /// <summary>The database server cannot be reached or another process holds the database (exit 1).</summary>
    StoreUnavailable,

    /// <summary>A setting does not parse or fails validation (exit 78).</summary>
    SettingInvalid,
}
