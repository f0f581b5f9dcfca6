namespace EdgeCompute.Cli.Hosting;

/// <summary>
/// One-line errors for the failures a user can land on, naming the option and the fix: a port in use, an address that is
/// not this machine's, a folder that cannot be used, a full disk, a damaged or unreachable store, a setting that does not
/// parse. The kind and exit code come from <see cref="FailureCause"/>; the command says which option it is about.
/// </summary>
internal static class CommandFailures
{
    /// <summary>A listener that could not start.</summary>
    /// <param name="exception">Why (classified by <see cref="FailureCause.Of"/>).</param>
    /// <param name="option">The option naming the address, such as <c>--listen</c>.</param>
    /// <param name="url">The address.</param>
    /// <param name="what">What listens, such as "the device broker".</param>
    /// <returns>The failure, or null when the exception is not about listening.</returns>
    public static CommandFailedException? Listening(Exception exception, string option, string url, string what)
    {
        var cause = FailureCause.Of(exception);
        return (cause.Kind switch
        {
            FailureKind.PortInUse => CommandFailedException.Failure(
                $"{option} {url}: {what} cannot listen there: {cause.Reason}; stop whatever holds it (another EdgeCompute process, an MQTT broker, a web server) or choose another port with {option}"),
            FailureKind.AddressUnavailable => CommandFailedException.Configuration(
                $"{option} {url}: {what} cannot listen there: {cause.Reason}; use 127.0.0.1, 0.0.0.0 or one of this machine's addresses"),
            _ => null,
        })?.Because(exception);
    }

    /// <summary>A data folder (or a file in it) that could not be used.</summary>
    /// <param name="exception">Why (classified by <see cref="FailureCause.Of"/>).</param>
    /// <param name="option">The option naming the folder, such as <c>--data</c>.</param>
    /// <param name="path">The folder or file.</param>
    /// <param name="what">What lives there, such as "the outbox".</param>
    /// <returns>The failure, or null when the exception is not about the folder.</returns>
    public static CommandFailedException? Folder(Exception exception, string option, string path, string what)
    {
        var cause = FailureCause.Of(exception);
        return (cause.Kind switch
        {
            FailureKind.FolderUnusable => CommandFailedException.Configuration(
                $"{option} {path}: cannot keep {what} there: {cause.Reason}; give a folder this user can create and write"),
            FailureKind.DiskFull => CommandFailedException.Failure($"{option} {path}: the disk is full ({cause.Reason}); free space and start again"),
            FailureKind.StoreDamaged => CommandFailedException.Configuration(
                $"{option} {path}: {what} is damaged ({cause.Reason}); restore it from a backup or move it aside"),
            FailureKind.StoreUnavailable => CommandFailedException.Failure($"{option} {path}: {what} is not available: {cause.Reason}"),
            _ => null,
        })?.Because(exception);
    }

    /// <summary>Any failure no command explained: one line by kind; a bug (kind <see cref="FailureKind.Unknown"/>) says so.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <returns>The failure.</returns>
    public static CommandFailedException Unexplained(Exception exception)
    {
        var cause = FailureCause.Of(exception);
        var message = cause.Kind switch
        {
            FailureKind.Unknown => $"unexpected failure (a bug; please report it with the output of --verbose): {cause.Reason}",
            FailureKind.PortInUse => $"a port this command listens on cannot be used: {cause.Reason}",
            FailureKind.AddressUnavailable => $"an address this command listens on cannot be used: {cause.Reason}",
            FailureKind.FolderUnusable => $"a file or folder cannot be used: {cause.Reason}",
            FailureKind.DiskFull => $"the disk is full: {cause.Reason}",
            FailureKind.StoreDamaged => $"a database is damaged: {cause.Reason}; restore it from a backup",
            FailureKind.StoreUnavailable => $"the database is not available: {cause.Reason}",
            FailureKind.SettingInvalid => cause.Reason,
            _ => cause.Reason,
        };
        return cause.ExitCode == ExitCodes.Configuration
            ? CommandFailedException.Configuration(message, exception)
            : CommandFailedException.Failure(message, exception);
    }
}
