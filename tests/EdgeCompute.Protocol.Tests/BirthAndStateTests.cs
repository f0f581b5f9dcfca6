using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Tests.Support;

namespace EdgeCompute.Protocol.Tests;

public class BirthAndStateTests
{
    [Fact]
    public void Round_trips_a_device_birth()
    {
        var birth = Samples.DeviceBirth();
        var bytes = DeviceBirthCodec.Encode(birth);
        var decoded = DecodeAssert.Ok(DeviceBirthCodec.Decode(bytes));
        Assert.Equal(birth.Kernels, decoded.Kernels);
        Assert.Equal(birth.Sensors, decoded.Sensors);
        Assert.Equal((birth.FirmwareVersion, birth.Platform, birth.RamBytes, birth.CpuMhz), (decoded.FirmwareVersion, decoded.Platform, decoded.RamBytes, decoded.CpuMhz));
        Assert.Equal(bytes, DeviceBirthCodec.Encode(decoded));
    }

    [Fact]
    public void Round_trips_a_gateway_birth()
    {
        var birth = Samples.GatewayBirth();
        var bytes = GatewayBirthCodec.Encode(birth);
        var decoded = DecodeAssert.Ok(GatewayBirthCodec.Decode(bytes));
        Assert.Equal(birth.AttachedDevices, decoded.AttachedDevices);
        Assert.Equal(birth.Kernels, decoded.Kernels);
        Assert.Equal(bytes, GatewayBirthCodec.Encode(decoded));
    }

    [Theory]
    [InlineData("u33dc0a")]
    [InlineData("abc")]
    [InlineData("0123456789bcd")]
    public void Refuses_bad_geohashes(string geohash)
    {
        Assert.Throws<ArgumentException>(() => GatewayBirthCodec.Encode(Samples.GatewayBirth() with { Geohash = geohash }));
    }

    [Fact]
    public void Accepts_an_empty_geohash() =>
        Assert.Equal("", DecodeAssert.Ok(GatewayBirthCodec.Decode(GatewayBirthCodec.Encode(Samples.GatewayBirth() with { Geohash = "" }))).Geohash);

    [Fact]
    public void State_payloads_are_exact_ascii()
    {
        Assert.Equal("online"u8.ToArray(), StatePayload.Encode(ConnectionState.Online));
        Assert.Equal("offline"u8.ToArray(), StatePayload.Encode(ConnectionState.Offline));
        Assert.Equal(ConnectionState.Online, DecodeAssert.Ok(StatePayload.Decode("online"u8.ToArray())));
        Assert.Equal(ConnectionState.Offline, DecodeAssert.Ok(StatePayload.Decode("offline"u8.ToArray())));
        DecodeAssert.Fails(StatePayload.Decode("Online"u8.ToArray()), DecodeErrorCode.InvalidValue);
        DecodeAssert.Fails(StatePayload.Decode("offline\n"u8.ToArray()), DecodeErrorCode.LimitExceeded);
        DecodeAssert.Fails(StatePayload.Decode(Array.Empty<byte>()), DecodeErrorCode.InvalidValue);
    }
}
