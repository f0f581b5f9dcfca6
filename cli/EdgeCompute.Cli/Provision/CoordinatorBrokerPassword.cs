using EdgeCompute.Cli.Hosting;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Cli.Provision;

/// <summary>
/// The coordinator's own password on Mosquitto: from <c>--coordinator-password-file</c>, else <see cref="EnvironmentVariable"/>,
/// else the file <see cref="FileName"/> in the output folder, made with a fresh random password on the first run and reused after.
/// </summary>
internal static class CoordinatorBrokerPassword
{
    /// <summary>The environment variable read when no password file is given.</summary>
    public const string EnvironmentVariable = "EDGECOMPUTE_COORDINATOR_BROKER_PASSWORD";

    /// <summary>The file in the output folder that keeps a generated password.</summary>
    public const string FileName = "coordinator-broker.password";

    /// <summary>Finds or makes the password.</summary>
    /// <param name="file">The password file, when given.</param>
    /// <param name="outputFolder">The output folder.</param>
    /// <param name="getEnvironmentVariable">Reads the environment.</param>
    /// <param name="cancellationToken">Cancels the write of a new password.</param>
    /// <returns>The password and where it is kept (or came from).</returns>
    public static async Task<(string Password, string Source)> ResolveAsync(
        FileInfo? file, string outputFolder, Func<string, string?> getEnvironmentVariable, CancellationToken cancellationToken)
    {
        if (file is not null)
        {
            return (await ReadAsync(file.FullName, "--coordinator-password-file", cancellationToken).ConfigureAwait(false), file.FullName);
        }

        if (getEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return (fromEnvironment, EnvironmentVariable);
        }

        var kept = Path.Combine(outputFolder, FileName);
        if (File.Exists(kept))
        {
            return (await ReadAsync(kept, "--out", cancellationToken).ConfigureAwait(false), kept);
        }

        var password = FleetProvisioner.RandomHex();
        await SecretFiles.WriteAsync(kept, password + "\n", cancellationToken).ConfigureAwait(false);
        return (password, kept);
    }

    private static async Task<string> ReadAsync(string path, string optionName, CancellationToken cancellationToken)
    {
        try
        {
            var text = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).TrimEnd('\r', '\n');
            return text.Length > 0 ? text : throw CommandFailedException.Configuration($"{optionName}: {path} is empty");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.Configuration($"{optionName}: cannot read {path}: {e.Message}");
        }
    }
}
