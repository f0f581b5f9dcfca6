using EdgeCompute.Protocol.Decoding;

namespace EdgeCompute.Protocol.Tests.Support;

internal static class DecodeAssert
{
    public static T Ok<T>(DecodeResult<T> result)
    {
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Value;
    }

    public static DecodeError Fails<T>(DecodeResult<T> result, DecodeErrorCode code)
    {
        Assert.False(result.IsSuccess, $"expected {code}, decoding succeeded");
        Assert.Equal(code, result.Error.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
        return result.Error;
    }
}
