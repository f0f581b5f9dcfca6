namespace EdgeCompute.Client.Errors;

/// <summary>The coordinator answered with an RFC 7807 problem (4xx or 5xx).</summary>
public sealed class ApiProblemException : EdgeComputeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">The problem.</param>
    public ApiProblemException(ApiProblem problem)
        : base($"{(problem ?? throw new ArgumentNullException(nameof(problem))).Title}: {problem.Detail}") => Problem = problem;

    /// <summary>Gets the problem the coordinator answered.</summary>
    public ApiProblem Problem { get; }

    /// <summary>Gets the HTTP status.</summary>
    public int Status => Problem.Status;

    /// <summary>Gets the problem's <c>type</c> (one of <see cref="ApiProblemTypes"/>).</summary>
    public string Type => Problem.Type;

    /// <summary>Gets how long the coordinator asked to wait before trying again (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
