namespace EdgeCompute.Integration.Tests.Services;

/// <summary>Bounded polling: waits until a condition holds, failing with a description after a generous limit.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? limit = null) =>
        await TrueAsync(() => Task.FromResult(condition()), what, limit);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var until = DateTimeOffset.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < until, $"timed out waiting for {what}");
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }
}
