namespace EdgeCompute.Cli.Tests.Support;

/// <summary>Waits for a condition with a generous timeout (synchronising on counts, never on sleeps of a guessed length).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null, Action? step = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }

            step?.Invoke();
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
