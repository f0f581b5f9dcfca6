namespace EdgeCompute.Client.Http;

/// <summary>What one call went through: how many attempts it took so far (a 409 on a retry of a submit means the first attempt landed).</summary>
internal sealed class ApiCall
{
    /// <summary>Gets or sets the attempt being made (1 for the first).</summary>
    public int Attempts { get; set; }
}
