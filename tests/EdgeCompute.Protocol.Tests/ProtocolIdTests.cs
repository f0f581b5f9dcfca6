using EdgeCompute.Protocol.Ids;

namespace EdgeCompute.Protocol.Tests;

public class ProtocolIdTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("dev-0001")]
    [InlineData("0")]
    [InlineData("-")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    public void Accepts_ids_matching_the_rule(string id)
    {
        Assert.True(ProtocolId.IsValid(id));
        ProtocolId.Validate(id, "device id");
    }

    [Theory]
    [InlineData("")]
    [InlineData("Dev")]
    [InlineData("dev_1")]
    [InlineData("dev 1")]
    [InlineData("dév")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("a/b")]
    public void Rejects_ids_breaking_the_rule_naming_id_and_rule(string id)
    {
        Assert.False(ProtocolId.IsValid(id));
        var error = Assert.Throws<ArgumentException>(() => ProtocolId.Validate(id, "gateway id"));
        Assert.Contains($"\"{id}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(ProtocolId.Rule, error.Message, StringComparison.Ordinal);
        Assert.Contains("gateway id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_null_id()
    {
        Assert.False(ProtocolId.IsValid(null));
        Assert.Throws<ArgumentException>(() => ProtocolId.Validate(null, "task id"));
    }
}
