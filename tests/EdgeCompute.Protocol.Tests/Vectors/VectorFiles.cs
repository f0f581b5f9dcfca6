using EdgeCompute.Tests.Vectors;

namespace EdgeCompute.Protocol.Tests.Vectors;

/// <summary>
/// Finds tests/vectors (walking up from the test binaries to the folder holding EdgeCompute.sln) and compares
/// or, with <c>EDGECOMPUTE_WRITE_VECTORS=1</c>, writes the files this side owns (the task assignments).
/// </summary>
internal static class VectorFiles
{
    public const string ManifestName = VectorFolder.ManifestName;
    public const string WriteVariable = "EDGECOMPUTE_WRITE_VECTORS";

    private const string HowToWriteFrames =
        "EDGECOMPUTE_WRITE_VECTORS=1 dotnet test tests/EdgeCompute.Firmware.Core.Tests --filter FullyQualifiedName~Vectors";

    private const string HowToWriteAssignments =
        "EDGECOMPUTE_WRITE_VECTORS=1 dotnet test tests/EdgeCompute.Protocol.Tests --filter FullyQualifiedName~Vectors";

    public static bool WriteMode => Environment.GetEnvironmentVariable(WriteVariable) == "1";

    public static string Directory => VectorFolder.Path;

    public static string PathOf(string name) => VectorFolder.PathOf(name);

    /// <summary>
    /// Reads a file the firmware core wrote (a frame); this side only reads these. In write mode the frames may be
    /// missing or stale (the firmware side regenerates them after the assignments), so the test is skipped.
    /// </summary>
    public static byte[] ReadFrame(string name)
    {
        SkipInWriteMode();
        return Read(name, HowToWriteFrames);
    }

    /// <summary>Skips a test that checks the firmware side's files while this side is writing its own.</summary>
    public static void SkipInWriteMode()
    {
        if (WriteMode)
        {
            Assert.Skip($"{WriteVariable}=1: firmware-written frames are checked after the firmware side regenerates them ({HowToWriteFrames})");
        }
    }

    /// <summary>Reads a file this library wrote (an assignment).</summary>
    public static byte[] ReadAssignment(string name) => Read(name, HowToWriteAssignments);

    /// <summary>
    /// The golden-bytes check of a file this side writes: in write mode the bytes are written, otherwise they must
    /// equal the file byte for byte.
    /// </summary>
    public static void CheckOrWrite(string name, byte[] actual, string writer)
    {
        if (WriteMode)
        {
            File.WriteAllBytes(PathOf(name), actual);
            return;
        }

        AssertSameBytes(name, ReadAssignment(name), actual, writer);
    }

    public static void AssertSameBytes(string name, byte[] golden, byte[] actual, string writer, string? spec = null)
    {
        if (golden.AsSpan().SequenceEqual(actual))
        {
            return;
        }

        var common = Math.Min(golden.Length, actual.Length);
        var at = 0;
        while (at < common && golden[at] == actual[at])
        {
            at++;
        }

        var detail = at < common
            ? $"first difference at byte {at}: golden 0x{golden[at]:x2}, {writer} 0x{actual[at]:x2}"
            : $"lengths differ: golden {golden.Length} bytes, {writer} {actual.Length} bytes (equal for the first {common})";
        Assert.Fail(
            $"tests/vectors/{name}: {writer} does not write the golden bytes; {detail}.\n"
            + $"golden:  {Convert.ToHexStringLower(golden)}\n"
            + $"{writer}: {Convert.ToHexStringLower(actual)}\n"
            + (spec is null ? string.Empty : $"Spec (docs/protocol.md): {spec}\n")
            + "A changed vector is a wire-format change: if it is intended, change docs/protocol.md too and regenerate "
            + "(see tests/vectors/README.md); otherwise one side has a bug.");
    }

    private static byte[] Read(string name, string howToWrite)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            Assert.Fail($"golden vector tests/vectors/{name} is missing; generate it with: {howToWrite} (see tests/vectors/README.md)");
        }

        return File.ReadAllBytes(path);
    }
}
