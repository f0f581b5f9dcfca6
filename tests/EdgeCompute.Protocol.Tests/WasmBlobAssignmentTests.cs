using System.Formats.Cbor;
using System.Security.Cryptography;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Protocol.Tests;

/// <summary><c>wasm.blob</c> assignments: a module and input named by SHA-256 (docs/protocol.md).</summary>
public class WasmBlobAssignmentTests
{
    private static readonly byte[] ModuleHash = SHA256.HashData("module"u8);
    private static readonly byte[] InputHash = SHA256.HashData("input"u8);

    public static WasmBlobParameters ByHash() => new(ModuleHash, 1_500_000, InputHash, 262_144, ReadOnlyMemory<byte>.Empty, 50_000_000, 16 << 20);

    [Fact]
    public void An_assignment_naming_module_and_input_by_hash_round_trips()
    {
        var assignment = new TaskAssignment("job-12-t7", 1, "gw-01", ByHash(), 0, 1_764_000_060_000);

        var bytes = TaskAssignmentCodec.Encode(assignment);
        var decoded = TaskAssignmentCodec.Decode(bytes).Value;

        Assert.Equal(KernelNames.WasmBlob, decoded.Kernel);
        var parameters = Assert.IsType<WasmBlobParameters>(decoded.Parameters);
        Assert.True(parameters.InputByHash);
        Assert.Equal(ModuleHash, parameters.ModuleHash.ToArray());
        Assert.Equal(InputHash, parameters.InputHash.ToArray());
        Assert.Equal((1_500_000UL, 262_144UL, 50_000_000UL, 16UL << 20), (parameters.ModuleSize, parameters.InputSize, parameters.Fuel, parameters.MemoryBytes));
        Assert.Equal(bytes, TaskAssignmentCodec.Encode(decoded));
        Assert.True(bytes.Length < 200, $"an assignment by hash is small: {bytes.Length} bytes");
    }

    [Fact]
    public void A_small_input_may_travel_inline()
    {
        var parameters = ByHash() with { InputHash = ReadOnlyMemory<byte>.Empty, InputSize = 3, InlineInput = new byte[] { 1, 2, 3 } };

        var decoded = TaskAssignmentCodec.Decode(TaskAssignmentCodec.Encode(new TaskAssignment("t", 0, "gw-01", parameters, 0, 1))).Value;

        var back = Assert.IsType<WasmBlobParameters>(decoded.Parameters);
        Assert.False(back.InputByHash);
        Assert.Equal(new byte[] { 1, 2, 3 }, back.InlineInput.ToArray());
    }

    [Theory]
    [InlineData(31, 1UL, 32, 0UL, 0, "module sha256")]
    [InlineData(32, 0UL, 32, 0UL, 0, "module size")]
    [InlineData(32, (8UL << 20) + 1, 32, 0UL, 0, "module size")]
    [InlineData(32, 1UL, 16, 0UL, 0, "input sha256")]
    [InlineData(32, 1UL, 32, (4UL << 20) + 1, 0, "input size")]
    [InlineData(32, 1UL, 32, 1UL, 1, "inline")]
    [InlineData(32, 1UL, 0, 2UL, 1, "input size says")]
    public void Params_breaking_the_rules_are_refused_both_ways(int moduleHash, ulong moduleSize, int inputHash, ulong inputSize, int inline, string reason)
    {
        var parameters = new WasmBlobParameters(new byte[moduleHash], moduleSize, new byte[inputHash], inputSize, new byte[inline], 1, 65_536);
        var assignment = new TaskAssignment("t", 0, "gw-01", parameters, 0, 1);

        var thrown = Assert.Throws<ArgumentException>(() => TaskAssignmentCodec.Encode(assignment));
        Assert.Contains(reason, thrown.Message, StringComparison.Ordinal);

        var error = TaskAssignmentCodec.Decode(RawAssignment(parameters)).Error;
        Assert.NotNull(error);
        Assert.Contains(error.Code, new[] { DecodeErrorCode.InvalidValue, DecodeErrorCode.LimitExceeded });
    }

    [Fact]
    public void Six_params_are_refused()
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteStartArray(6);
        writer.WriteByteString(ModuleHash);
        writer.WriteUInt64(1);
        writer.WriteByteString([]);
        writer.WriteUInt64(0);
        writer.WriteByteString([]);
        writer.WriteUInt64(1);
        writer.WriteEndArray();

        Assert.NotNull(TaskAssignmentCodec.Decode(Assignment(writer.Encode())).Error);
    }

    private static byte[] RawAssignment(WasmBlobParameters p)
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteStartArray(7);
        writer.WriteByteString(p.ModuleHash.Span);
        writer.WriteUInt64(p.ModuleSize);
        writer.WriteByteString(p.InputHash.Span);
        writer.WriteUInt64(p.InputSize);
        writer.WriteByteString(p.InlineInput.Span);
        writer.WriteUInt64(p.Fuel);
        writer.WriteUInt64(p.MemoryBytes);
        writer.WriteEndArray();
        return Assignment(writer.Encode());
    }

    private static byte[] Assignment(byte[] parameters)
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteStartMap(7);
        writer.WriteInt32(1);
        writer.WriteTextString("t");
        writer.WriteInt32(2);
        writer.WriteUInt32(0);
        writer.WriteInt32(3);
        writer.WriteTextString("gw-01");
        writer.WriteInt32(4);
        writer.WriteTextString(KernelNames.WasmBlob);
        writer.WriteInt32(5);
        writer.WriteEncodedValue(parameters);
        writer.WriteInt32(6);
        writer.WriteUInt32(0);
        writer.WriteInt32(7);
        writer.WriteInt64(1);
        writer.WriteEndMap();
        return writer.Encode();
    }
}
