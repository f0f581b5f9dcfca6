using System.Security.Cryptography;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>
/// Whether a WebAssembly task travels inline: its assignment, encoded with the worst case of every other field
/// (32-character task and device ids, the largest slot, op budget and deadline), must fit
/// <see cref="ProtocolLimits.MaxTaskAssignmentBytes"/>. Checked by encoding it with <see cref="TaskAssignmentCodec"/>.
/// </summary>
internal static class InlineAssignmentSize
{
    private static readonly string LongestId = new('x', ProtocolId.MaxLength);

    /// <summary>Returns why a task of this module and input cannot be issued, or null.</summary>
    public static string? Check(byte[] module, byte[] input, ulong fuel, ulong memoryBytes)
    {
        var hash = SHA256.HashData(module);
        var empty = Encode(new WasmParameters(hash, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, fuel, memoryBytes), out var emptyError);
        if (empty is null)
        {
            return emptyError;
        }

        // An empty byte string is one header byte; a longer one adds its header and its bytes.
        var size = empty.Length - 2 + ByteStringLength(module.Length) + ByteStringLength(input.Length);
        if (size > ProtocolLimits.MaxTaskAssignmentBytes)
        {
            return $"a task with this module ({module.Length} bytes) and input ({input.Length} bytes) encodes to {size} bytes; " +
                $"an assignment carries at most {ProtocolLimits.MaxTaskAssignmentBytes} bytes, so the module must be smaller to travel inline";
        }

        return Encode(new WasmParameters(hash, module, input, fuel, memoryBytes), out var error) is null ? error : null;
    }

    private static byte[]? Encode(WasmParameters parameters, out string? error)
    {
        try
        {
            error = null;
            return TaskAssignmentCodec.Encode(new TaskAssignment(LongestId, uint.MaxValue, LongestId, parameters, uint.MaxValue, long.MaxValue));
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static int ByteStringLength(int length) =>
        length + (length < 24 ? 1 : length < 256 ? 2 : length < 65_536 ? 3 : 5);
}
