using System.Diagnostics.CodeAnalysis;

namespace EdgeCompute.Protocol.Decoding;

/// <summary>
/// The outcome of a protocol decoder: a value or a typed <see cref="DecodeError"/>. Decoders return one of
/// these for every input and never throw.
/// </summary>
/// <typeparam name="T">The decoded type.</typeparam>
public sealed class DecodeResult<T>
{
    private readonly T? _value;

    private DecodeResult(T? value, DecodeError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>Whether decoding succeeded; then <see cref="Value"/> is set and <see cref="Error"/> is null.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>The decoded value.</summary>
    /// <exception cref="InvalidOperationException">Decoding failed; the message carries the error.</exception>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"decoding failed: {Error}");

    /// <summary>Why decoding failed, or <see langword="null"/> on success.</summary>
    public DecodeError? Error { get; }

    /// <summary>A successful result.</summary>
    /// <param name="value">The decoded value.</param>
    /// <returns>The result.</returns>
    public static DecodeResult<T> Success(T value) => new(value, null);

    /// <summary>A failed result.</summary>
    /// <param name="error">Why decoding failed.</param>
    /// <returns>The result.</returns>
    public static DecodeResult<T> Failure(DecodeError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(default, error);
    }

    /// <summary>A failed result.</summary>
    /// <param name="code">The reason.</param>
    /// <param name="message">What was wrong.</param>
    /// <returns>The result.</returns>
    public static DecodeResult<T> Failure(DecodeErrorCode code, string message) => Failure(new DecodeError(code, message));

    /// <summary>Gets the value when decoding succeeded.</summary>
    /// <param name="value">The value, or default on failure.</param>
    /// <returns>Whether decoding succeeded.</returns>
    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return Error is null;
    }

    /// <summary>The value or the error, for logs.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => Error is null ? $"Success({_value})" : $"Failure({Error})";
}
