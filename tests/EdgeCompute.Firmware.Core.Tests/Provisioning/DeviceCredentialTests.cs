using System.Security.Cryptography;
using EdgeCompute.Firmware.Core.Provisioning;

namespace EdgeCompute.Firmware.Core.Tests.Provisioning;

public sealed class DeviceCredentialTests
{
    [Fact]
    public void Is_lowercase_hex_of_hmac_sha256_of_the_label()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray();
        var expected = Convert.ToHexString(HMACSHA256.HashData(key, "ec/v1/mqtt-credential"u8)).ToLowerInvariant();
        Assert.Equal(expected, DeviceCredential.Derive(key));
    }

    [Fact]
    public void Refuses_a_key_that_is_not_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => DeviceCredential.Derive(new byte[31]));
    }

    [Fact]
    public void Hex_round_trips()
    {
        var bytes = new byte[] { 0, 1, 0x7f, 0x80, 0xff };
        Assert.Equal("00017f80ff", Hex.Encode(bytes, 0, bytes.Length));
        Assert.True(Hex.TryDecode("00017F80ff", out var decoded));
        Assert.Equal(bytes, decoded);
        Assert.False(Hex.TryDecode("0g", out _));
        Assert.False(Hex.TryDecode("abc", out _));
    }
}
