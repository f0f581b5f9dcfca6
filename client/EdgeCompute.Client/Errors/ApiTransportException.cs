namespace EdgeCompute.Client.Errors;

/// <summary>The coordinator could not be reached, or did not answer within the timeout, on any attempt.</summary>
public sealed class ApiTransportException : EdgeComputeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The last attempt's failure.</param>
    public ApiTransportException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets whether the last attempt timed out (rather than failed to connect or was cut off).</summary>
    public bool TimedOut { get; init; }
}
