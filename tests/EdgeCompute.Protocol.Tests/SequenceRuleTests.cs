using EdgeCompute.Protocol.Sequencing;

namespace EdgeCompute.Protocol.Tests;

public class SequenceRuleTests
{
    [Fact]
    public void Accepts_a_key_not_seen_before() =>
        Assert.Equal(SequenceClass.Accepted, SequenceRule.Classify(null, PayloadHash.Of("a"u8)));

    [Fact]
    public void Same_hash_is_a_duplicate() =>
        Assert.Equal(SequenceClass.Duplicate, SequenceRule.Classify(PayloadHash.Of("a"u8), PayloadHash.Of("a"u8)));

    [Fact]
    public void Different_hash_is_a_conflict() =>
        Assert.Equal(SequenceClass.Conflict, SequenceRule.Classify(PayloadHash.Of("a"u8), PayloadHash.Of("b"u8)));

    [Fact]
    public void A_new_boot_is_a_new_key()
    {
        var old = new SequenceKey("dev-1", 3, 900);
        var fresh = new SequenceKey("dev-1", 4, 1);
        var store = new Dictionary<SequenceKey, byte[]> { [old] = PayloadHash.Of("x"u8) };
        Assert.Equal(SequenceClass.Accepted, SequenceRule.Classify(store.GetValueOrDefault(fresh), PayloadHash.Of("x"u8)));
        Assert.Equal(SequenceClass.Duplicate, SequenceRule.Classify(store.GetValueOrDefault(old with { }), PayloadHash.Of("x"u8)));
        Assert.Equal("dev-1/4/1", fresh.ToString());
    }

    [Fact]
    public void Payload_hash_is_sha256() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(PayloadHash.Of("abc"u8)));
}
