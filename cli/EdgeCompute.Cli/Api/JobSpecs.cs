using System.CommandLine;
using System.Globalization;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Forms;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds;

namespace EdgeCompute.Cli.Api;

/// <summary>
/// The kinds of <c>edgecompute submit</c>: one subcommand per <see cref="JobForm"/> of every registered kind
/// (<see cref="JobKinds.All"/>), one option per field, nothing written here per kind.
/// </summary>
internal static class JobSpecs
{
    /// <summary>The forms, each with its options and how it builds its spec from a parse result.</summary>
    /// <returns>(name, description, options, build) per form.</returns>
    public static IEnumerable<(string Name, string Description, Option[] Options, Func<ParseResult, JobSpec> Build)> Kinds()
    {
        foreach (var form in JobKinds.All.SelectMany(k => k.Forms))
        {
            var options = form.Fields.Select(Option).ToArray();
            yield return (form.Command, form.Description, options, p => Build(form, options, p));
        }
    }

    private static JobSpec Build(JobForm form, Option[] options, ParseResult parsed)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < options.Length; i++)
        {
            values[form.Fields[i].Name] = Value(form.Fields[i], options[i], parsed);
        }

        try
        {
            return form.Build(new JobFormValues(values, Random.Shared));
        }
        catch (JobFormException e)
        {
            throw CommandFailedException.Usage($"--{e.Field}: {e.Message}");
        }
    }

    private static object? Value(JobFormField field, Option option, ParseResult parsed) => field.Type switch
    {
        JobFormFieldType.Count when !field.Required && field.Default is null => parsed.GetValue((Option<ulong?>)option),
        JobFormFieldType.Count => parsed.GetValue((Option<ulong>)option),
        JobFormFieldType.Integer => parsed.GetValue((Option<int>)option),
        JobFormFieldType.Text => parsed.GetValue((Option<string>)option),
        JobFormFieldType.Module => WasmModule.Load(parsed.GetRequiredValue((Option<FileInfo>)option)),
        JobFormFieldType.Time => parsed.GetValue((Option<DateTimeOffset>)option),
        _ => throw new InvalidOperationException($"field {field.Name} has no command-line type"),
    };

    private static Option Option(JobFormField field)
    {
        var name = "--" + field.Name;
        return field.Type switch
        {
            JobFormFieldType.Count when !field.Required && field.Default is null => Make<ulong?>(name, field),
            JobFormFieldType.Count => Make<ulong>(name, field),
            JobFormFieldType.Integer => Make<int>(name, field),
            JobFormFieldType.Text => Make<string>(name, field),
            JobFormFieldType.Module => Make<FileInfo>(name, field),
            JobFormFieldType.Time => Make<DateTimeOffset>(name, field),
            _ => throw new InvalidOperationException($"field {field.Name} has no command-line type"),
        };
    }

    private static Option<T> Make<T>(string name, JobFormField field)
    {
        var option = new Option<T>(name) { Description = field.Description, HelpName = field.HelpName, Required = field.Required };
        if (field.Default is T value)
        {
            option.DefaultValueFactory = _ => value;
        }

        return option;
    }

    /// <summary>Formats a number for messages.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The text.</returns>
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
