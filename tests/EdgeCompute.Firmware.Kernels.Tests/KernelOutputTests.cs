using EdgeCompute.Firmware.Kernels;

namespace EdgeCompute.Firmware.Kernels.Tests;

public sealed class KernelOutputTests
{
    [Fact]
    public void Clear_forgets_every_output()
    {
        var output = new KernelOutput
        {
            Status = KernelStatus.BudgetExceeded,
            Ops = 9,
            Found = true,
            Nonce = 7,
            DigestLength = 32,
            NumberCount = 5,
        };
        output.Digest[3] = 1;
        output.Numbers[4] = 99;

        output.Clear();

        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.Equal(0, output.Ops);
        Assert.False(output.Found);
        Assert.Equal(0UL, output.Nonce);
        Assert.Equal(0, output.DigestLength);
        Assert.Equal(new byte[32], output.Digest);
        Assert.Equal(new long[5], output.Numbers);
        Assert.Equal(0, output.NumberCount);
    }

    [Fact]
    public void Fail_records_status_and_ops_only()
    {
        var output = new KernelOutput { NumberCount = 2, Found = true };

        output.Fail(KernelStatus.DeadlinePassed, 12);

        Assert.Equal(KernelStatus.DeadlinePassed, output.Status);
        Assert.Equal(12, output.Ops);
        Assert.Equal(0, output.NumberCount);
        Assert.False(output.Found);
    }

    [Fact]
    public void Kernel_names_match_the_protocol()
    {
        Assert.Equal(["pow.sha256", "mc.pi", "primes.count", "stats.window"], KernelNames.All());
        Assert.True(KernelNames.IsKnown("mc.pi"));
        Assert.False(KernelNames.IsKnown("MC.PI"));
        Assert.False(KernelNames.IsKnown("wasm"));
    }

    [Fact]
    public void Status_codes_match_the_protocol()
    {
        Assert.Equal(0, KernelStatus.Ok);
        Assert.Equal(1, KernelStatus.BudgetExceeded);
        Assert.Equal(2, KernelStatus.BadParams);
        Assert.Equal(3, KernelStatus.UnknownKernel);
        Assert.Equal(4, KernelStatus.DeadlinePassed);
    }
}
