namespace EdgeCompute.Cli.Hosting;

/// <summary>Files that hold keys or passwords: written readable by their owner only (on Unix).</summary>
internal static class SecretFiles
{
    /// <summary>Makes a file readable and writable by its owner only; nothing on Windows, where the folder's ACL applies.</summary>
    /// <param name="path">The file.</param>
    public static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Writes a secret file: created with owner-only access before the text goes in.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">Its content.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    public static async Task WriteAsync(string path, string text, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
            await using (writer.ConfigureAwait(false))
            {
                await writer.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }

        RestrictToOwner(path); // UnixCreateMode applies only to a new file
    }
}
