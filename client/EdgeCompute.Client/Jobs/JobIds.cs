using System.Security.Cryptography;

namespace EdgeCompute.Client.Jobs;

/// <summary>Job ids a client mints itself, so that a submission can be retried safely.</summary>
public static class JobIds
{
    /// <summary>The longest job id the coordinator accepts.</summary>
    public const int MaxLength = 27;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>Mints <c>job-</c> and 20 random base32 characters (100 bits): unique without asking the coordinator.</summary>
    /// <returns>The id.</returns>
    public static string Mint()
    {
        Span<byte> random = stackalloc byte[20];
        RandomNumberGenerator.Fill(random);
        Span<char> id = stackalloc char[24];
        "job-".CopyTo(id);
        for (var i = 0; i < random.Length; i++)
        {
            id[4 + i] = Alphabet[random[i] & 31];
        }

        return new string(id);
    }

    /// <summary>Whether <paramref name="id"/> is a job id the coordinator accepts: 1 to 27 characters of [a-z0-9-].</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when valid.</returns>
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
