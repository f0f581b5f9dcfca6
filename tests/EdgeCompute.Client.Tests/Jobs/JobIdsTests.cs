using EdgeCompute.Client.Jobs;

namespace EdgeCompute.Client.Tests.Jobs;

public sealed class JobIdsTests
{
    [Fact]
    public void Minted_ids_are_valid_job_ids_and_distinct()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => JobIds.Mint()).ToList();

        Assert.All(ids, id => Assert.True(JobIds.IsValid(id), id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("primes-1", true)]
    [InlineData("", false)]
    [InlineData("Upper", false)]
    [InlineData("a_b", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz01", false)]
    public void Validity_follows_the_coordinators_rule(string id, bool valid) => Assert.Equal(valid, JobIds.IsValid(id));
}
