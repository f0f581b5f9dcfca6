namespace EdgeCompute.Protocol.Provisioning;

/// <summary>A provisioning file is unreadable or breaks a rule; the message names the file and the field.</summary>
public sealed class ProvisioningException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file.</param>
    /// <param name="field">The JSON path of the broken field (for example <c>devices[3].gatewayId</c>).</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public ProvisioningException(string filePath, string field, string problem, Exception? inner = null)
        : base($"{filePath}: {field}: {problem}", inner)
    {
        FilePath = filePath;
        Field = field;
    }

    /// <summary>The file that failed.</summary>
    public string FilePath { get; }

    /// <summary>The JSON path of the broken field (<c>$</c> for the whole document).</summary>
    public string Field { get; }
}
