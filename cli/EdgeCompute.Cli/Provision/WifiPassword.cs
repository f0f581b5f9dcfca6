using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Provision;

/// <summary>
/// Where the Wi-Fi password comes from: a file (<c>--wifi-password-file</c>) or the environment variable
/// <see cref="EnvironmentVariable"/>, never an argument, so it stays out of shell history and process listings.
/// </summary>
internal static class WifiPassword
{
    /// <summary>The environment variable read when no password file is given.</summary>
    public const string EnvironmentVariable = "EDGECOMPUTE_WIFI_PASSWORD";

    /// <summary>The option that names the password file.</summary>
    public const string FileOption = "--wifi-password-file";

    /// <summary>Reads the password: the file's content without its final line break, else the environment variable.</summary>
    /// <param name="file">The password file, when given.</param>
    /// <param name="getEnvironmentVariable">Reads the environment.</param>
    /// <returns>The password and a description of where it came from (for error messages).</returns>
    /// <exception cref="CommandFailedException">No password (exit 2), or the file cannot be read (exit 78).</exception>
    public static (string Password, string Source) Read(FileInfo? file, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        if (file is not null)
        {
            string text;
            try
            {
                text = File.ReadAllText(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CommandFailedException.Configuration($"{FileOption}: cannot read {file.FullName}: {e.Message}");
            }

            var password = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
            return password.Length > 0
                ? (password, $"{FileOption} {file.FullName}")
                : throw CommandFailedException.Configuration($"{FileOption}: {file.FullName} is empty");
        }

        var fromEnvironment = getEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrEmpty(fromEnvironment)
            ? throw CommandFailedException.Usage(
                $"no Wi-Fi password: pass {FileOption} FILE (a file holding only the password) or set {EnvironmentVariable}; it is never taken as an argument, so it stays out of shell history")
            : (fromEnvironment, EnvironmentVariable);
    }
}
