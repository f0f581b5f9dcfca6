namespace EdgeCompute.Client.Errors;

/// <summary>A call to the coordinator's API that did not succeed: <see cref="ApiProblemException"/> when it answered a problem, <see cref="ApiTransportException"/> when it could not be reached in time.</summary>
public abstract class EdgeComputeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected EdgeComputeException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the request that failed, as <c>METHOD /path</c>.</summary>
    public required string Request { get; init; }

    /// <summary>Gets how many attempts were made.</summary>
    public required int Attempts { get; init; }
}
