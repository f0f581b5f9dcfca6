using System.Text.RegularExpressions;

namespace EdgeCompute.Integration.Tests.Harness;

/// <summary>What a user must see when a command fails: the documented exit code and one <c>error:</c> line naming the problem, and no stack trace anywhere.</summary>
internal static partial class OneLineError
{
    /// <summary>Asserts the exit code, exactly one <c>error:</c> line holding every text in <paramref name="names"/>, and no stack trace on either stream.</summary>
    /// <returns>The error line.</returns>
    public static string Assert(EdgeComputeProcess process, int exitCode, params string[] names)
    {
        Xunit.Assert.True(process.HasExited, $"{process.Name} is still running");
        Xunit.Assert.True(process.ExitCode == exitCode, $"{process.Name} exited with {process.ExitCode}, expected {exitCode}\n{process.Tail()}");
        var errors = process.Error.Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Xunit.Assert.True(errors.Count == 1, $"{process.Name} printed {errors.Count} error lines, expected one\n{process.Tail()}");
        foreach (var name in names)
        {
            Xunit.Assert.True(errors[0].Contains(name, StringComparison.Ordinal), $"the error line does not name \"{name}\": {errors[0]}");
        }

        AssertNoStackTrace(process);
        return errors[0];
    }

    /// <summary>Asserts that neither stream holds a stack trace, an inner-exception marker or the "a bug" last resort.</summary>
    public static void AssertNoStackTrace(EdgeComputeProcess process)
    {
        var offending = process.Out.Concat(process.Error)
            .FirstOrDefault(l => StackFrame().IsMatch(l) || l.Contains(" ---> ", StringComparison.Ordinal) || l.Contains("unexpected failure", StringComparison.Ordinal));
        Xunit.Assert.True(offending is null, $"{process.Name} printed a stack trace or a bug report: {offending}\n{process.Tail()}");
    }

    [GeneratedRegex(@"^\s+at \S+\(|\bat \S+\.\S+\(.*\) in /", RegexOptions.CultureInvariant)]
    private static partial Regex StackFrame();
}
