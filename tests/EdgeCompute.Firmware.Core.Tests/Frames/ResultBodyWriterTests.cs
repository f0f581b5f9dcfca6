using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Kernels;
using EdgeCompute.Firmware.Core.Tests.Cbor;

namespace EdgeCompute.Firmware.Core.Tests.Frames;

public sealed class ResultBodyWriterTests
{
    private static string Write(string kernel, KernelOutput output)
    {
        var encoder = new CborEncoder(new byte[512]);
        ResultBodyWriter.Write(encoder, "job-7-t12", 0, kernel, output);
        return CborDiagnostic.Of(encoder.Buffer, 0, encoder.Length);
    }

    [Fact]
    public void Writes_the_spec_example_for_mc_pi()
    {
        var output = new KernelOutput { Ops = 100000, NumberCount = 2 };
        output.Numbers[0] = 78551;
        output.Numbers[1] = 100000;
        Assert.Equal("{1: \"job-7-t12\", 2: 0, 3: \"mc.pi\", 4: 0, 5: 100000, 6: [78551, 100000]}", Write(KernelNames.McPi, output));
    }

    [Fact]
    public void Writes_found_nonce_and_digest_for_pow_and_an_empty_digest_when_not_found()
    {
        var output = new KernelOutput { Ops = 12, Found = true, Nonce = 11, DigestLength = 32 };
        output.Digest[0] = 0xab;
        Assert.Equal(
            "{1: \"job-7-t12\", 2: 0, 3: \"pow.sha256\", 4: 0, 5: 12, 6: [true, 11, h'ab" + new string('0', 62) + "']}",
            Write(KernelNames.PowSha256, output));

        var missed = new KernelOutput { Ops = 100, Found = false, Nonce = 0 };
        Assert.Equal("{1: \"job-7-t12\", 2: 0, 3: \"pow.sha256\", 4: 0, 5: 100, 6: [false, 0, h'']}", Write(KernelNames.PowSha256, missed));
    }

    [Fact]
    public void Writes_signed_numbers_for_stats_window()
    {
        var output = new KernelOutput { Ops = 3, NumberCount = 5 };
        long[] numbers = [3, -5, 9, 1, 33];
        numbers.CopyTo(output.Numbers, 0);
        Assert.EndsWith("6: [3, -5, 9, 1, 33]}", Write(KernelNames.StatsWindow, output));
    }

    [Fact]
    public void Writes_an_empty_output_unless_the_status_is_ok()
    {
        var output = new KernelOutput { Status = KernelStatus.BudgetExceeded, Ops = 200, NumberCount = 2 };
        Assert.Equal("{1: \"job-7-t12\", 2: 0, 3: \"mc.pi\", 4: 1, 5: 200, 6: []}", Write(KernelNames.McPi, output));
        var unknown = new KernelOutput { Status = KernelStatus.UnknownKernel };
        Assert.Equal("{1: \"job-7-t12\", 2: 0, 3: \"wasm.x\", 4: 3, 5: 0, 6: []}", Write("wasm.x", unknown));
    }
}
