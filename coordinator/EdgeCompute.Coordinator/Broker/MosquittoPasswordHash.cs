using System.Security.Cryptography;
using System.Text;

namespace EdgeCompute.Coordinator.Broker;

/// <summary>
/// A password hash as <c>mosquitto_passwd</c> 2.0 writes it: <c>$7$iterations$base64(salt)$base64(hash)</c> with
/// PBKDF2-HMAC-SHA512, a 12-byte salt, a 64-byte hash and 101 iterations by default.
/// </summary>
public static class MosquittoPasswordHash
{
    /// <summary>mosquitto_passwd's default iteration count.</summary>
    public const int DefaultIterations = 101;

    /// <summary>Salt length in bytes.</summary>
    public const int SaltLength = 12;

    /// <summary>Hash length in bytes (SHA-512).</summary>
    public const int HashLength = 64;

    /// <summary>Hashes a password with a fresh random salt.</summary>
    /// <param name="password">The password.</param>
    /// <param name="iterations">PBKDF2 iterations.</param>
    /// <returns>The <c>$7$…</c> string.</returns>
    public static string Create(string password, int iterations = DefaultIterations) => Create(password, RandomNumberGenerator.GetBytes(SaltLength), iterations);

    /// <summary>Hashes a password with a given salt.</summary>
    /// <param name="password">The password.</param>
    /// <param name="salt">The salt.</param>
    /// <param name="iterations">PBKDF2 iterations.</param>
    /// <returns>The <c>$7$…</c> string.</returns>
    public static string Create(string password, ReadOnlySpan<byte> salt, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashLength);
        return $"$7${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>Checks a password against a <c>$7$…</c> string (constant-time comparison).</summary>
    /// <param name="password">The password.</param>
    /// <param name="encoded">The stored hash.</param>
    /// <returns>True when it matches.</returns>
    public static bool Verify(string password, string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var parts = encoded.Split('$');
        if (parts.Length != 5 || parts[0].Length != 0 || parts[1] != "7" || !int.TryParse(parts[2], out var iterations) || iterations < 1)
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[3]);
        var expected = Convert.FromBase64String(parts[4]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
