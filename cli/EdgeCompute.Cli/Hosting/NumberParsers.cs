using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace EdgeCompute.Cli.Hosting;

/// <summary>
/// Number options and arguments that say what they expect when the text is not a number (<c>--devices: "abc" is not a
/// whole number</c>) instead of System.CommandLine's message naming a .NET type (<c>System.Nullable`1[System.Int32]</c>).
/// Numbers are read with the invariant culture. Options that parse themselves (a <c>CustomParser</c>) are left alone.
/// </summary>
internal static class NumberParsers
{
    /// <summary>Sets the parser of every number option and argument under <paramref name="root"/>.</summary>
    /// <param name="root">The root command, with every command group added.</param>
    public static void Apply(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var command in Commands(root))
        {
            foreach (var option in command.Options)
            {
                Set(option);
            }

            foreach (var argument in command.Arguments)
            {
                Set(argument);
            }
        }
    }

    private static void Set(Symbol symbol)
    {
        switch (symbol)
        {
            case Option<int> { CustomParser: null } o: o.CustomParser = r => Whole<int>(r, o.Name); break;
            case Option<int?> { CustomParser: null } o: o.CustomParser = r => (int?)Whole<int>(r, o.Name); break;
            case Option<long> { CustomParser: null } o: o.CustomParser = r => Whole<long>(r, o.Name); break;
            case Option<long?> { CustomParser: null } o: o.CustomParser = r => (long?)Whole<long>(r, o.Name); break;
            case Option<ulong?> { CustomParser: null } o: o.CustomParser = r => (ulong?)Whole<ulong>(r, o.Name); break;
            case Option<double> { CustomParser: null } o: o.CustomParser = r => Real(r, o.Name); break;
            case Option<double?> { CustomParser: null } o: o.CustomParser = r => (double?)Real(r, o.Name); break;
            case Argument<long> { CustomParser: null } a: a.CustomParser = r => Whole<long>(r, a.Name); break;
            case Argument<long?> { CustomParser: null } a: a.CustomParser = r => r.Tokens.Count == 0 ? null : Whole<long>(r, a.Name); break;
            default: break;
        }
    }

    private static T Whole<T>(ArgumentResult result, string name)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (T.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        result.AddError(Looks(text)
            ? Range<T>(name, text)
            : $"{name}: \"{text}\" is not a whole number");
        return default;
    }

    private static double Real(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        result.AddError($"{name}: \"{text}\" is not a number (such as 2 or 0.5)");
        return default;
    }

    private static string Range<T>(string name, string text)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        string.Create(CultureInfo.InvariantCulture, $"{name}: {text} is out of range; a whole number from {T.MinValue} to {T.MaxValue}");

    /// <summary>Whether the text looks like an integer that is out of the type's range (so the range is worth saying).</summary>
    private static bool Looks(string text) => text.Length > 0 && text.TrimStart('-', '+').All(char.IsAsciiDigit);

    private static IEnumerable<Command> Commands(Command command) => [command, .. command.Subcommands.SelectMany(Commands)];
}
