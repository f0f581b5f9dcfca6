namespace EdgeCompute.Protocol.Batches;

/// <summary>How a gateway batch body is compressed (batch key 4).</summary>
public enum BatchCodec
{
    /// <summary>0: stored as is.</summary>
    None = 0,

    /// <summary>1: raw deflate (RFC 1951), no zlib or gzip header.</summary>
    Deflate = 1,

    /// <summary>2: brotli (RFC 7932).</summary>
    Brotli = 2,
}
