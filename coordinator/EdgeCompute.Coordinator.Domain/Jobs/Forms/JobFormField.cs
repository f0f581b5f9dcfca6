namespace EdgeCompute.Coordinator.Domain.Jobs.Forms;

/// <summary>One field of a <see cref="JobForm"/> (on the command line, the option <c>--{Name}</c>).</summary>
/// <param name="Name">The name, lower-case words joined by dashes (<c>prefix-hex</c>).</param>
/// <param name="Description">One sentence for help text.</param>
/// <param name="HelpName">The value's placeholder in help text (<c>N</c>, <c>FILE</c>).</param>
/// <param name="Type">What it holds.</param>
/// <param name="Required">Whether the submitter must give it (when not, <paramref name="Default"/> or nothing is used).</param>
/// <param name="Default">The value when not given, of the <paramref name="Type"/>'s .NET type; null for none.</param>
public sealed record JobFormField(string Name, string Description, string HelpName, JobFormFieldType Type, bool Required, object? Default)
{
    /// <summary>A required field.</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">What it holds.</param>
    /// <param name="description">One sentence.</param>
    /// <param name="helpName">The placeholder.</param>
    /// <returns>The field.</returns>
    public static JobFormField Needed(string name, JobFormFieldType type, string description, string helpName) =>
        new(name, description, helpName, type, true, null);

    /// <summary>An optional field with a default.</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">What it holds.</param>
    /// <param name="description">One sentence.</param>
    /// <param name="helpName">The placeholder.</param>
    /// <param name="value">The default (<see cref="ulong"/> for <see cref="JobFormFieldType.Count"/>, <see cref="int"/> for <see cref="JobFormFieldType.Integer"/>).</param>
    /// <returns>The field.</returns>
    public static JobFormField Defaulted(string name, JobFormFieldType type, string description, string helpName, object value) =>
        new(name, description, helpName, type, false, value);

    /// <summary>An optional field with no default (the form decides what its absence means).</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">What it holds.</param>
    /// <param name="description">One sentence.</param>
    /// <param name="helpName">The placeholder.</param>
    /// <returns>The field.</returns>
    public static JobFormField Optional(string name, JobFormFieldType type, string description, string helpName) =>
        new(name, description, helpName, type, false, null);
}
