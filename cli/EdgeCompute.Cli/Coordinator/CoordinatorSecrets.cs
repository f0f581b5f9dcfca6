using EdgeCompute.Cli.Hosting;
using EdgeCompute.Cli.Provision;

namespace EdgeCompute.Cli.Coordinator;

/// <summary>
/// The coordinator's secrets, never arguments: its password on an external broker (<c>--broker-password-file</c>, else
/// <see cref="CoordinatorBrokerPassword.EnvironmentVariable"/>, as <c>provision mosquitto</c> takes it) and the API's
/// operator token (<c>--operator-token-file</c>, else <see cref="OperatorTokenVariable"/>).
/// </summary>
internal static class CoordinatorSecrets
{
    /// <summary>The environment variable read for the operator token when no file is given.</summary>
    public const string OperatorTokenVariable = "EDGECOMPUTE_OPERATOR_TOKEN";

    /// <summary>Reads the broker password; without a file or the variable it is a usage error naming <c>--broker-password-file</c>.</summary>
    /// <param name="file">The password file, when given.</param>
    /// <param name="context">The process context (environment).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The password.</returns>
    public static async Task<string> BrokerPasswordAsync(string? file, CliContext context, CancellationToken cancellationToken)
    {
        if (file is not null)
        {
            return await ReadAsync(file, "--broker-password-file", cancellationToken).ConfigureAwait(false);
        }

        return context.GetEnvironmentVariable(CoordinatorBrokerPassword.EnvironmentVariable) is { Length: > 0 } password
            ? password
            : throw CommandFailedException.Usage(
                $"--broker-password-file: the coordinator's password on --broker is needed: give a file holding it (such as the {CoordinatorBrokerPassword.FileName} " +
                $"'provision mosquitto' kept in its --out folder) or set {CoordinatorBrokerPassword.EnvironmentVariable}");
    }

    /// <summary>Reads the operator token; null when neither the file nor the variable is given (deposits through the API are off).</summary>
    /// <param name="file">The token file, when given.</param>
    /// <param name="context">The process context (environment).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The token, or null.</returns>
    public static async Task<string?> OperatorTokenAsync(string? file, CliContext context, CancellationToken cancellationToken) =>
        file is not null
            ? await ReadAsync(file, "--operator-token-file", cancellationToken).ConfigureAwait(false)
            : context.GetEnvironmentVariable(OperatorTokenVariable) is { Length: > 0 } token ? token : null;

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
