namespace EdgeCompute.Coordinator.Domain.Jobs.Forms;

/// <summary>The values of a filled-in <see cref="JobForm"/>, by field name, as the front end read them.</summary>
/// <param name="values">Each given or defaulted field's value (<see cref="ulong"/>, <see cref="int"/>, <see cref="string"/>, module bytes or <see cref="DateTimeOffset"/>); absent optional fields are missing or null.</param>
/// <param name="random">Where a form draws what the submitter left to chance (a seed).</param>
public sealed class JobFormValues(IReadOnlyDictionary<string, object?> values, Random random)
{
    /// <summary>Where a form draws what the submitter left to chance.</summary>
    public Random Random { get; } = random ?? throw new ArgumentNullException(nameof(random));

    /// <summary>A <see cref="JobFormFieldType.Count"/> value.</summary>
    /// <param name="name">The field.</param>
    /// <returns>The value.</returns>
    public ulong Count(string name) => Get<ulong>(name);

    /// <summary>An optional <see cref="JobFormFieldType.Count"/> value.</summary>
    /// <param name="name">The field.</param>
    /// <returns>The value, or null when not given.</returns>
    public ulong? OptionalCount(string name) => values.TryGetValue(name, out var value) && value is ulong count ? count : null;

    /// <summary>An <see cref="JobFormFieldType.Integer"/> value.</summary>
    /// <param name="name">The field.</param>
    /// <returns>The value.</returns>
    public int Integer(string name) => Get<int>(name);

    /// <summary>A <see cref="JobFormFieldType.Text"/> value.</summary>
    /// <param name="name">The field.</param>
    /// <returns>The value.</returns>
    public string Text(string name) => Get<string>(name);

    /// <summary>A <see cref="JobFormFieldType.Text"/> value read as hex, two digits per byte.</summary>
    /// <param name="name">The field.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="JobFormException">The text is not hex.</exception>
    public byte[] Hex(string name)
    {
        var text = Text(name);
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new JobFormException(name, $"\"{text}\" is not hex (two digits per byte)");
        }
    }

    /// <summary>A <see cref="JobFormFieldType.Module"/> value: the module's binary bytes.</summary>
    /// <param name="name">The field.</param>
    /// <returns>The bytes.</returns>
    public byte[] Module(string name) => Get<byte[]>(name);

    /// <summary>A <see cref="JobFormFieldType.Time"/> value.</summary>
    /// <param name="name">The field.</param>
    /// <returns>The value.</returns>
    public DateTimeOffset Time(string name) => Get<DateTimeOffset>(name);

    private T Get<T>(string name) =>
        values.TryGetValue(name, out var value) && value is T typed
            ? typed
            : throw new ArgumentException($"the form has no {typeof(T).Name} value \"{name}\"", nameof(name));
}
