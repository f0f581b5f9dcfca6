using System.Buffers.Binary;
using System.Security.Cryptography;
using EdgeCompute.Protocol.Tasks;
using PowSha256Kernel = EdgeCompute.Firmware.Kernels.PowSha256Kernel;

namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// Direct check of a <c>pow.sha256</c> result. Found: the nonce is in [start, start + count), SHA-256(prefix ||
/// u64be(nonce)) equals the reported digest and has at least <c>difficulty</c> leading zero bits, and the ops are
/// nonce − start + 1 (the kernel tries nonces in order; this also caps what is paid). It cannot prove no earlier
/// nonce in the range also qualifies; any qualifying nonce is a valid proof of work. Not found: the ops must be
/// the whole range, then <see cref="NotFoundPolicy"/> decides.
/// </summary>
public sealed class PowDirectCheck
{
    private readonly KernelReExecutor _kernels;

    /// <summary>Creates the check.</summary>
    /// <param name="notFoundPolicy">What to do with "not found".</param>
    /// <param name="kernels">The core kernel re-executor, used for <see cref="PowNotFoundPolicy.ReExecute"/>.</param>
    public PowDirectCheck(PowNotFoundPolicy notFoundPolicy, KernelReExecutor kernels)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        NotFoundPolicy = notFoundPolicy;
        _kernels = kernels;
    }

    /// <summary>What to do with "not found".</summary>
    public PowNotFoundPolicy NotFoundPolicy { get; }

    /// <summary>Checks one result.</summary>
    /// <param name="submitted">The result and its <c>pow.sha256</c> assignment.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">The assignment is not <c>pow.sha256</c>.</exception>
    public VerificationOutcome Verify(SubmittedResult submitted)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        if (submitted.Assignment.Parameters is not PowSha256Parameters parameters)
        {
            throw new ArgumentException($"assignment kernel {submitted.Assignment.Kernel} is not {KernelNames.PowSha256}", nameof(submitted));
        }

        if (ResultConsistency.Check(submitted) is { } failed)
        {
            return failed;
        }

        var output = (PowSha256Output)submitted.Result.Output!;
        return output.Found ? CheckFound(submitted, parameters, output) : CheckNotFound(submitted, parameters);
    }

    private static VerificationOutcome CheckFound(SubmittedResult submitted, PowSha256Parameters parameters, PowSha256Output output)
    {
        var key = submitted.Key;
        if (output.Nonce < parameters.NonceStart || output.Nonce - parameters.NonceStart >= parameters.NonceCount)
        {
            return VerificationOutcome.Invalid(key, VerificationReasonCode.NonceOutOfRange);
        }

        var digest = Digest(parameters.Prefix.Span, output.Nonce);
        if (!digest.AsSpan().SequenceEqual(output.Digest.Span))
        {
            return VerificationOutcome.Invalid(key, VerificationReasonCode.DigestMismatch);
        }

        if (!PowSha256Kernel.HasLeadingZeroBits(digest, parameters.Difficulty))
        {
            return VerificationOutcome.Invalid(key, VerificationReasonCode.InsufficientZeroBits);
        }

        return submitted.Result.Ops == output.Nonce - parameters.NonceStart + 1
            ? VerificationOutcome.Valid(submitted, VerificationReasonCode.PowVerified)
            : VerificationOutcome.Invalid(key, VerificationReasonCode.OpsMismatch);
    }

    private VerificationOutcome CheckNotFound(SubmittedResult submitted, PowSha256Parameters parameters)
    {
        if (submitted.Result.Ops != parameters.NonceCount)
        {
            return VerificationOutcome.Invalid(submitted.Key, VerificationReasonCode.OpsMismatch);
        }

        switch (NotFoundPolicy)
        {
            case PowNotFoundPolicy.Accept:
                return VerificationOutcome.Valid(submitted, VerificationReasonCode.NotFoundAccepted);
            case PowNotFoundPolicy.Replicate:
                return VerificationOutcome.Pending(submitted.Key, VerificationReasonCode.NotFoundNeedsReplication);
            default:
                var expected = _kernels.ReExecute(submitted.Assignment);
                return CanonicalResult.Equal(expected, submitted.Result)
                    ? VerificationOutcome.Valid(submitted, VerificationReasonCode.NotFoundConfirmed)
                    : VerificationOutcome.Invalid(submitted.Key, VerificationReasonCode.NotFoundRefuted);
        }
    }

    private static byte[] Digest(ReadOnlySpan<byte> prefix, ulong nonce)
    {
        Span<byte> message = stackalloc byte[PowSha256Parameters.MaxPrefixBytes + sizeof(ulong)];
        prefix.CopyTo(message);
        BinaryPrimitives.WriteUInt64BigEndian(message[prefix.Length..], nonce);
        return SHA256.HashData(message[..(prefix.Length + sizeof(ulong))]);
    }
}
