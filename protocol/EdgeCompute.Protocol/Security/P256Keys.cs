using System.Security.Cryptography;

namespace EdgeCompute.Protocol.Security;

/// <summary>
/// ECDSA P-256 keys as the provisioning files hold them (docs/protocol.md, "Keys and provisioning"): private keys as
/// base64 PKCS#8, public keys as base64 SubjectPublicKeyInfo; signatures over SHA-256 in IEEE P1363 form (<c>r || s</c>).
/// </summary>
public static class P256Keys
{
    /// <summary>Creates a new P-256 key pair.</summary>
    /// <returns>The key; the caller disposes it.</returns>
    public static ECDsa Generate() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>Exports the private key as base64 PKCS#8.</summary>
    /// <param name="key">A P-256 key with its private part.</param>
    /// <returns>The base64 text.</returns>
    public static string ExportPrivateKey(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToBase64String(key.ExportPkcs8PrivateKey());
    }

    /// <summary>Exports the public key as base64 SubjectPublicKeyInfo.</summary>
    /// <param name="key">A P-256 key.</param>
    /// <returns>The base64 text.</returns>
    public static string ExportPublicKey(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Imports a base64 PKCS#8 P-256 private key.</summary>
    /// <param name="pkcs8Base64">The base64 text.</param>
    /// <returns>The key; the caller disposes it.</returns>
    /// <exception cref="FormatException">Not base64.</exception>
    /// <exception cref="CryptographicException">Not a PKCS#8 P-256 key.</exception>
    public static ECDsa ImportPrivateKey(string pkcs8Base64)
    {
        ArgumentNullException.ThrowIfNull(pkcs8Base64);
        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(Convert.FromBase64String(pkcs8Base64), out _);
            RequireP256(key);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Imports a base64 SubjectPublicKeyInfo P-256 public key.</summary>
    /// <param name="spkiBase64">The base64 text.</param>
    /// <returns>The key; the caller disposes it.</returns>
    /// <exception cref="FormatException">Not base64.</exception>
    /// <exception cref="CryptographicException">Not a SubjectPublicKeyInfo P-256 key.</exception>
    public static ECDsa ImportPublicKey(string spkiBase64)
    {
        ArgumentNullException.ThrowIfNull(spkiBase64);
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(spkiBase64), out _);
            RequireP256(key);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Signs <paramref name="tbs"/> with SHA-256, IEEE P1363 (64 bytes).</summary>
    internal static byte[] Sign(ECDsa key, ReadOnlySpan<byte> tbs)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != 256)
        {
            throw new ArgumentException($"a P-256 key is required, found a {key.KeySize}-bit key", nameof(key));
        }

        return key.SignData(tbs, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Verifies a 64-byte IEEE P1363 signature over <paramref name="tbs"/>; false for any other length.</summary>
    internal static bool Verify(ECDsa key, ReadOnlySpan<byte> tbs, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        return signature.Length == 64
            && key.KeySize == 256
            && key.VerifyData(tbs, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static void RequireP256(ECDsa key)
    {
        var curve = key.ExportParameters(false).Curve;
        if (key.KeySize != 256 || !curve.IsNamed || !(curve.Oid.Value == "1.2.840.10045.3.1.7" || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256"))
        {
            throw new CryptographicException($"expected curve P-256 (1.2.840.10045.3.1.7), found a {key.KeySize}-bit key on {curve.Oid?.Value ?? curve.Oid?.FriendlyName ?? "an explicit curve"}");
        }
    }
}
