namespace EdgeCompute.Coordinator.Domain.Jobs.Forms;

/// <summary>A form value that cannot make a spec (a usage error naming the field).</summary>
public sealed class JobFormException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobFormException()
        : this("value", "not usable")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public JobFormException(string message)
        : this("value", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public JobFormException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "value";
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="field">The field's name.</param>
    /// <param name="message">What is wrong, without the field's name.</param>
    public JobFormException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>The field's name (<see cref="JobFormField.Name"/>).</summary>
    public string Field { get; }
}
