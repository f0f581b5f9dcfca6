using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Kernels;
using EdgeCompute.Firmware.Core.Tests.Cbor;

namespace EdgeCompute.Firmware.Core.Tests.Frames;

public sealed class BirthBodyWriterTests
{
    [Fact]
    public void Writes_capabilities_and_sensors_in_key_order()
    {
        var encoder = new CborEncoder(new byte[512]);
        BirthBodyWriter.Write(encoder, "0.1.0", "esp32", KernelNames.All(), 520000, 240, [new("temp", "Cel", -2), new("n", string.Empty, 0)]);
        Assert.Equal(
            "{1: \"0.1.0\", 2: \"esp32\", 3: [\"pow.sha256\", \"mc.pi\", \"primes.count\", \"stats.window\"], 4: 520000, 5: 240, "
            + "6: [[\"temp\", \"Cel\", -2], [\"n\", \"\", 0]]}",
            CborDiagnostic.Of(encoder.Buffer, 0, encoder.Length));
    }
}
