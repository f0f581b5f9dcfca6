using System.Formats.Cbor;
using System.Security.Cryptography;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Protocol.Tests;

/// <summary>The gateway's own tasks: <c>wasm</c> assignments and batch item kind 6 (docs/protocol.md).</summary>
public class GatewayTaskMessagesTests
{
    private static readonly byte[] Module = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

    public static WasmParameters Wasm(bool inline = true) =>
        new(SHA256.HashData(Module), inline ? Module : ReadOnlyMemory<byte>.Empty, new byte[] { 1, 2, 3 }, 5_000_000, 1 << 20);

    public static TaskAssignment WasmAssignment(bool inline = true) => new("job-9-t1", 0, "gw-01", Wasm(inline), 0, 1_764_000_060_000);

    public static GatewayBatchBody BodyWithResults() => new(
        [
            new GatewayTaskResultItem("job-9-t1", 0, GatewayTaskStatus.Ok, 1234, new byte[] { 9, 8, 7 }),
            new GatewayTaskResultItem("job-9-t2", 2, GatewayTaskStatus.OutOfFuel, 5_000_000, ReadOnlyMemory<byte>.Empty),
        ],
        null);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Wasm_assignment_round_trips(bool inline)
    {
        var bytes = TaskAssignmentCodec.Encode(WasmAssignment(inline));

        var decoded = TaskAssignmentCodec.Decode(bytes).Value;
        Assert.Equal(KernelNames.Wasm, decoded.Kernel);
        var parameters = Assert.IsType<WasmParameters>(decoded.Parameters);
        Assert.Equal(SHA256.HashData(Module), parameters.ModuleHash.ToArray());
        Assert.Equal(inline ? Module : [], parameters.Module.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, parameters.Input.ToArray());
        Assert.Equal(5_000_000UL, parameters.Fuel);
        Assert.Equal(1UL << 20, parameters.MemoryBytes);
        Assert.Equal(bytes, TaskAssignmentCodec.Encode(decoded));
    }

    [Fact]
    public void Wasm_assignment_with_module_bytes_that_do_not_match_the_hash_is_refused()
    {
        var wrong = Wasm() with { ModuleHash = new byte[32] };
        Assert.Throws<ArgumentException>(() => TaskAssignmentCodec.Encode(WasmAssignment() with { Parameters = wrong }));

        var bytes = WasmAssignmentBytes(hash: new byte[32], module: Module, fuel: 1, memory: 65_536);
        Assert.Equal(DecodeErrorCode.InvalidValue, TaskAssignmentCodec.Decode(bytes).Error!.Code);
    }

    [Theory]
    [InlineData(31, 1UL, 65_536UL)]
    [InlineData(32, 0UL, 65_536UL)]
    [InlineData(32, 1UL, 65_535UL)]
    [InlineData(32, 1UL, (1UL << 32) + 1)]
    public void Wasm_assignment_params_out_of_range_are_refused(int hashLength, ulong fuel, ulong memory)
    {
        var bytes = WasmAssignmentBytes(new byte[hashLength], [], fuel, memory);

        var error = TaskAssignmentCodec.Decode(bytes).Error;

        Assert.NotNull(error);
        Assert.Contains(error.Code, new[] { DecodeErrorCode.InvalidValue, DecodeErrorCode.LimitExceeded });
    }

    [Fact]
    public void Gateway_task_result_items_round_trip_in_a_batch_body()
    {
        var raw = GatewayBatchBodyCodec.Encode(BodyWithResults());

        var items = GatewayBatchBodyCodec.Decode(raw).Value.Items;

        var ok = Assert.IsType<GatewayTaskResultItem>(items[0]);
        Assert.Equal(("job-9-t1", 0u, GatewayTaskStatus.Ok, 1234UL), (ok.TaskId, ok.Slot, ok.Status, ok.Fuel));
        Assert.Equal(new byte[] { 9, 8, 7 }, ok.Output.ToArray());
        Assert.Equal(BatchItemKind.GatewayTaskResult, ok.Kind);
        var outOfFuel = Assert.IsType<GatewayTaskResultItem>(items[1]);
        Assert.Equal(GatewayTaskStatus.OutOfFuel, outOfFuel.Status);
        Assert.True(outOfFuel.Output.IsEmpty);
        Assert.Equal(raw, GatewayBatchBodyCodec.Encode(new GatewayBatchBody(items, null)));
    }

    [Fact]
    public void Decodes_the_spec_kind_6_example()
    {
        // {1: [[6, "job-9-t1", 0, 0, 1234, h'090807']]}
        var raw = Convert.FromHexString("a1018186" + "06" + "686a6f622d392d7431" + "00" + "00" + "1904d2" + "43090807");

        var item = Assert.IsType<GatewayTaskResultItem>(Assert.Single(GatewayBatchBodyCodec.Decode(raw).Value.Items));

        Assert.Equal(1234UL, item.Fuel);
        Assert.Equal(new byte[] { 9, 8, 7 }, item.Output.ToArray());
    }

    [Theory]
    [InlineData("a1018186" + "06" + "686a6f622d392d7431" + "00" + "0a" + "00" + "40", DecodeErrorCode.InvalidValue)]     // status 10
    [InlineData("a1018186" + "06" + "686a6f622d392d7431" + "00" + "01" + "00" + "4101", DecodeErrorCode.InvalidValue)]   // output with status 1
    [InlineData("a1018185" + "06" + "686a6f622d392d7431" + "00" + "00" + "00", DecodeErrorCode.InvalidValue)]            // 5 elements
    [InlineData("a1018186" + "06" + "686a6f622d392d7431" + "00" + "00" + "20" + "40", DecodeErrorCode.InvalidValue)]     // negative fuel
    [InlineData("a1018186" + "06" + "686a6f622d392d7431" + "00" + "00" + "00" + "60", DecodeErrorCode.WrongType)]        // text output
    public void Refuses_malformed_kind_6_items(string hex, DecodeErrorCode expected)
    {
        var error = GatewayBatchBodyCodec.Decode(Convert.FromHexString(hex)).Error;

        Assert.NotNull(error);
        Assert.Equal(expected, error.Code);
    }

    [Fact]
    public void Refuses_to_encode_an_output_with_a_failure_status_or_over_the_limit()
    {
        Assert.Throws<ArgumentException>(() => GatewayBatchBodyCodec.Encode(new([new GatewayTaskResultItem("t", 0, GatewayTaskStatus.Trap, 1, new byte[] { 1 })], null)));
        Assert.Throws<ArgumentException>(() => GatewayBatchBodyCodec.Encode(new([new GatewayTaskResultItem("t", 0, GatewayTaskStatus.Ok, 1, new byte[GatewayTaskResultItem.MaxOutputBytes + 1])], null)));
        Assert.Throws<ArgumentException>(() => GatewayBatchBodyCodec.Encode(new([new GatewayTaskResultItem("t", 0, (GatewayTaskStatus)10, 1, ReadOnlyMemory<byte>.Empty)], null)));
    }

    private static byte[] WasmAssignmentBytes(byte[] hash, byte[] module, ulong fuel, ulong memory)
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteStartMap(7);
        writer.WriteInt32(1);
        writer.WriteTextString("job-9-t1");
        writer.WriteInt32(2);
        writer.WriteUInt32(0);
        writer.WriteInt32(3);
        writer.WriteTextString("gw-01");
        writer.WriteInt32(4);
        writer.WriteTextString("wasm");
        writer.WriteInt32(5);
        writer.WriteStartArray(5);
        writer.WriteByteString(hash);
        writer.WriteByteString(module);
        writer.WriteByteString([]);
        writer.WriteUInt64(fuel);
        writer.WriteUInt64(memory);
        writer.WriteEndArray();
        writer.WriteInt32(6);
        writer.WriteUInt32(0);
        writer.WriteInt32(7);
        writer.WriteInt64(1_764_000_060_000);
        writer.WriteEndMap();
        return writer.Encode();
    }
}
