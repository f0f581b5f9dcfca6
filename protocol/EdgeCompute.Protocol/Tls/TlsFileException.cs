namespace EdgeCompute.Protocol.Tls;

/// <summary>A certificate or key file cannot be used; the message names the file and says why, in one line.</summary>
public sealed class TlsFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public TlsFileException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>Gets the file.</summary>
    public string FilePath { get; }

    /// <summary>Gets what is wrong, without the file name.</summary>
    public string Problem { get; }
}
