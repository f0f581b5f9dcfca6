using System.CommandLine;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Coordinator.Runtime;
using Npgsql;

namespace EdgeCompute.Cli.Coordinator;

/// <summary>
/// The <c>--data DIR | --postgres CONNSTRING</c> pair that names the coordinator's stores, shared by <c>coordinator</c> and
/// the <c>ledger</c> commands: SQLite files in a folder (default <c>./edgecompute-data</c>) or one PostgreSQL database.
/// </summary>
internal sealed class StoreOptions
{
    /// <summary>The default data folder, relative to the working directory (as <see cref="CoordinatorOptions.DataFolder"/>).</summary>
    public const string DefaultDataFolder = "edgecompute-data";

    private StoreOptions(Option<DirectoryInfo> data, Option<string> postgres)
    {
        Data = data;
        Postgres = postgres;
    }

    /// <summary>Gets the <c>--data</c> option.</summary>
    public Option<DirectoryInfo> Data { get; }

    /// <summary>Gets the <c>--postgres</c> option.</summary>
    public Option<string> Postgres { get; }

    /// <summary>Creates the two options.</summary>
    /// <param name="dataDescription">What the data folder holds for this command.</param>
    /// <returns>The options, to add to a command.</returns>
    public static StoreOptions Create(string dataDescription) => new(
        new Option<DirectoryInfo>("--data") { Description = $"{dataDescription} [default: ./{DefaultDataFolder}]", HelpName = "DIR" },
        new Option<string>("--postgres") { Description = "A PostgreSQL connection string (Npgsql form, e.g. \"Host=db;Username=edgecompute;Database=edgecompute\") instead of SQLite files.", HelpName = "CONNSTRING" });

    /// <summary>Reads which store a command with these options was given, by the options' names (for code that does not hold the options).</summary>
    /// <param name="parsed">The parse result of a command that has <c>--data</c> and <c>--postgres</c>.</param>
    /// <returns>The store's location.</returns>
    public static StoreLocation ReadByName(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return parsed.GetValue<string>("--postgres") is { } postgres
            ? new StoreLocation(null, postgres)
            : new StoreLocation(Path.GetFullPath(parsed.GetValue<DirectoryInfo>("--data")?.FullName ?? DefaultDataFolder), null);
    }

    /// <summary>Reads which store was named; both at once is a usage error.</summary>
    /// <param name="parsed">The parse result.</param>
    /// <returns>The store's location.</returns>
    public StoreLocation Read(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var data = parsed.GetValue(Data);
        var postgres = parsed.GetValue(Postgres);
        if (postgres is not null)
        {
            if (data is not null)
            {
                throw CommandFailedException.Usage("--data and --postgres name two different stores; give one");
            }

            try
            {
                _ = new NpgsqlConnectionStringBuilder(postgres);
            }
            catch (ArgumentException e)
            {
                throw CommandFailedException.Usage($"--postgres: not a valid connection string: {e.Message}");
            }

            return new StoreLocation(null, postgres);
        }

        return new StoreLocation(Path.GetFullPath(data?.FullName ?? DefaultDataFolder), null);
    }
}
