using System.Globalization;

namespace EdgeCompute.Cli.Hosting;

/// <summary>
/// How many files (sockets included) this process may open and has open now. A command that opens one socket per device
/// checks it first, so a fleet too large for the limit is refused in one line instead of failing halfway.
/// </summary>
/// <param name="Limit">The soft limit (<c>ulimit -n</c>; .NET raises it to the hard limit at start).</param>
/// <param name="Open">The files open now.</param>
internal readonly record struct OpenFiles(long Limit, int Open)
{
    /// <summary>Gets how many more files the process may open.</summary>
    public long Free => Limit - Open;

    /// <summary>Reads this process's limit and open files from <c>/proc/self</c>.</summary>
    /// <returns>The figures; null where the system has no such limit or does not show it (not Linux, or an unlimited limit).</returns>
    public static OpenFiles? OfThisProcess()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return ParseSoftLimit(File.ReadAllText("/proc/self/limits")) is { } limit
                ? new OpenFiles(limit, Directory.GetFiles("/proc/self/fd").Length)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads the soft limit from the text of <c>/proc/[pid]/limits</c>.</summary>
    /// <param name="limits">The file's text.</param>
    /// <returns>The soft limit of open files; null when it is unlimited or the line is missing.</returns>
    public static long? ParseSoftLimit(string limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        const string name = "Max open files";
        foreach (var line in limits.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            var soft = line[name.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }

        return null;
    }
}
