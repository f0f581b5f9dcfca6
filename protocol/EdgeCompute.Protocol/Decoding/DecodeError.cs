namespace EdgeCompute.Protocol.Decoding;

/// <summary>A typed reason why a decoder refused its input, with a readable message.</summary>
/// <param name="Code">The reason.</param>
/// <param name="Message">What was wrong and where, for logs (for example <c>device frame: seq (key 3): expected an unsigned integer, found TextString</c>).</param>
public sealed record DecodeError(DecodeErrorCode Code, string Message)
{
    /// <summary>The code and the message.</summary>
    /// <returns>For example <c>MissingKey: device frame: key 6 (mac) is missing</c>.</returns>
    public override string ToString() => $"{Code}: {Message}";
}
