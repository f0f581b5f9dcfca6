using EdgeCompute.Gateway.Bridges.Sparkplug;

namespace EdgeCompute.Gateway.Tests.Bridges;

/// <summary>The birth/death sequence number: 0 on the first CONNECT, one more on each, 255 wrapping to 0, kept across restarts.</summary>
public sealed class SparkplugBdSeqTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ec-bdseq-").FullName;

    [Fact]
    public void Starts_at_zero_counts_every_connect_and_wraps_after_255()
    {
        var store = new BdSeqStore(_folder);

        var seen = Enumerable.Range(0, 258).Select(_ => store.Next()).ToList();

        Assert.Equal(Enumerable.Range(0, 256).Concat([0, 1]), seen);
    }

    [Fact]
    public void Goes_on_counting_after_a_restart_and_starts_again_from_a_damaged_file()
    {
        new BdSeqStore(_folder).Next();
        new BdSeqStore(_folder).Next();

        Assert.Equal(2, new BdSeqStore(_folder).Next());

        File.WriteAllText(Path.Combine(_folder, BdSeqStore.FileName), "not a number");
        Assert.Equal(0, new BdSeqStore(_folder).Next());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
