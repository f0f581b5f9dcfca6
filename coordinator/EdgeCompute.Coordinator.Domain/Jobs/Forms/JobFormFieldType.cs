namespace EdgeCompute.Coordinator.Domain.Jobs.Forms;

/// <summary>What a <see cref="JobFormField"/> holds, so a front end (the CLI) knows how to read it.</summary>
public enum JobFormFieldType
{
    /// <summary>An unsigned 64-bit integer (<see cref="ulong"/>).</summary>
    Count = 1,

    /// <summary>A signed 32-bit integer (<see cref="int"/>).</summary>
    Integer = 2,

    /// <summary>Text (<see cref="string"/>); a field that holds hex text reads it with <see cref="JobFormValues.Hex"/>.</summary>
    Text = 3,

    /// <summary>A WebAssembly module: the front end reads the file (binary, or text it compiles) and hands over the bytes.</summary>
    Module = 4,

    /// <summary>An instant (<see cref="DateTimeOffset"/>, ISO 8601 on the command line).</summary>
    Time = 5,
}
