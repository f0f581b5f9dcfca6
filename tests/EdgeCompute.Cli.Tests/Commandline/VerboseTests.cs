using EdgeCompute.Cli.Tests.Support;

namespace EdgeCompute.Cli.Tests.Commandline;

/// <summary>An error is one line; <c>--verbose</c> adds the exception behind it, stack trace and all.</summary>
public sealed class VerboseTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task An_error_is_one_line_without_verbose_and_shows_the_exception_behind_it_with_verbose()
    {
        var data = _folder["data"];
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "ledger.db"), new string('x', 8192), TestContext.Current.CancellationToken); // not a database

        var plain = await CliRunner.RunAsync("ledger", "balances", "--data", data);
        var verbose = await CliRunner.RunAsync("ledger", "balances", "--data", data, "--verbose");

        Assert.Equal(78, plain.ExitCode);
        var line = Assert.Single(plain.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: --data: cannot open ", line, StringComparison.Ordinal);
        Assert.Contains("ledger.db", line, StringComparison.Ordinal);
        Assert.Equal(78, verbose.ExitCode);
        Assert.StartsWith(line, verbose.Error, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Data.Sqlite.SqliteException", verbose.Error, StringComparison.Ordinal);
        Assert.Contains("   at ", verbose.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
