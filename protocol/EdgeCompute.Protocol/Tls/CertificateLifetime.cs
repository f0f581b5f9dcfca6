namespace EdgeCompute.Protocol.Tls;

/// <summary>When a certificate is valid: from <see cref="NotBefore"/> to <see cref="NotAfter"/>.</summary>
/// <param name="NotBefore">The first instant it is valid.</param>
/// <param name="NotAfter">The last instant it is valid.</param>
public readonly record struct CertificateLifetime(DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    /// <summary>
    /// How far before "now" a new certificate starts to be valid, so a peer whose clock is a few minutes behind does
    /// not refuse it as "not yet valid".
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>A lifetime starting now (less <see cref="ClockSkew"/>) and lasting <paramref name="days"/> days.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="days">How many days it lasts (at least 1).</param>
    /// <returns>The lifetime.</returns>
    public static CertificateLifetime FromNow(DateTimeOffset now, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        return new CertificateLifetime(now - ClockSkew, now + TimeSpan.FromDays(days));
    }
}
