namespace EdgeCompute.Integration.Tests.Harness;

/// <summary>Bounded polling: waits for a condition with a generous timeout, never for a guessed duration.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, Func<string>? state = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for: {what}{(state is null ? "" : "; last seen: " + state())}");
            }

            await Task.Delay(200, TestContext.Current.CancellationToken).ConfigureAwait(false);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan timeout, Func<string>? state = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout, state);
}
