using System.Security.Cryptography;
using EdgeCompute.Gateway.EdgeTasks;
using EdgeCompute.Wasm.Host;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Gateway.Tests.EdgeTasks;

public sealed class EdgeTaskPoolTests : IDisposable
{
    private static readonly EdgeTaskLimits SmallLimits = new(5_000_000, 1 << 20, TimeSpan.FromSeconds(30), 4096, 4096);
    private readonly List<EdgeTaskPool> _pools = [];

    public void Dispose()
    {
        foreach (var pool in _pools)
        {
            pool.Dispose();
        }
    }

    [Fact]
    public async Task Runs_a_module_and_returns_its_output_and_fuel()
    {
        var pool = Pool();

        var result = await pool.RunAsync(new EdgeTaskRequest("t-1", TestModules.Echo, "hello"u8.ToArray(), Limits: SmallLimits), Token);

        Assert.Equal(EdgeTaskReasonCode.Ok, result.ReasonCode);
        Assert.Equal("hello"u8.ToArray(), result.Output.ToArray());
        Assert.True(result.FuelConsumed > 0);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(TestModules.Echo)), result.ModuleHash);
    }

    [Fact]
    public async Task Ends_an_endless_loop_with_OutOfFuel_charging_the_whole_budget()
    {
        var pool = Pool();

        var result = await pool.RunAsync(new EdgeTaskRequest("loop", TestModules.EndlessLoop, default, Limits: SmallLimits), Token);

        Assert.Equal(EdgeTaskReasonCode.OutOfFuel, result.ReasonCode);
        Assert.Equal(SmallLimits.Fuel, result.FuelConsumed);
        Assert.Contains("fuel", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ends_an_endless_loop_with_Deadline_when_fuel_would_last_for_hours()
    {
        // Real clock: the epoch ticker must tick for a deadline to pass. Only the reason code is asserted.
        var pool = Pool(TimeProvider.System);
        var limits = SmallLimits with { Fuel = ulong.MaxValue / 2, Deadline = TimeSpan.FromMilliseconds(50) };

        var result = await pool.RunAsync(new EdgeTaskRequest("loop", TestModules.EndlessLoop, default, Limits: limits), Token);

        Assert.Equal(EdgeTaskReasonCode.Deadline, result.ReasonCode);
        Assert.True(result.FuelConsumed > 0);
    }

    [Fact]
    public async Task Ticks_the_epoch_only_while_a_task_runs()
    {
        var clock = new FakeTimeProvider();
        var pool = Pool(clock);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, pool.EpochTicks); // idle: no wake-ups

        var limits = SmallLimits with { Fuel = ulong.MaxValue / 2, Deadline = TimeSpan.FromMilliseconds(50) };
        var looping = pool.RunAsync(new EdgeTaskRequest("loop", TestModules.EndlessLoop, default, Limits: limits), Token);
        while (!looping.IsCompleted)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10)); // ticks once the task has started, and the deadline passes on this clock
            await Task.Yield();
        }

        Assert.Equal(EdgeTaskReasonCode.Deadline, (await looping).ReasonCode);
        var ticked = pool.EpochTicks;
        Assert.True(ticked >= 5, $"{ticked} ticks while the task ran");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.InRange(pool.EpochTicks, ticked, ticked + 1); // idle again: the first tick with no task running stopped the ticker
        var stopped = pool.EpochTicks;
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(stopped, pool.EpochTicks);
    }

    [Fact]
    public async Task Ends_unbounded_memory_growth_with_MemoryLimit()
    {
        var pool = Pool();

        var result = await pool.RunAsync(new EdgeTaskRequest("grow", TestModules.GrowsWithoutBound, default, Limits: SmallLimits), Token);

        Assert.Equal(EdgeTaskReasonCode.MemoryLimit, result.ReasonCode);
        Assert.Contains("memory", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ends_a_module_whose_initial_memory_is_above_the_limit_with_MemoryLimit()
    {
        var pool = Pool();
        var bigMemory = Wasmtime.Module.ConvertText("""
            (module (memory (export "memory") 32)
              (func (export "alloc") (param i32) (result i32) (i32.const 0))
              (func (export "run") (param i32 i32) (result i64) (i64.const 0)))
            """);

        var result = await pool.RunAsync(new EdgeTaskRequest("big", bigMemory, default, Limits: SmallLimits), Token);

        Assert.Equal(EdgeTaskReasonCode.MemoryLimit, result.ReasonCode);
    }

    [Fact]
    public async Task Ends_unreachable_with_Trap()
    {
        var pool = Pool();

        var result = await pool.RunAsync(new EdgeTaskRequest("trap", TestModules.Unreachable, default, Limits: SmallLimits), Token);

        Assert.Equal(EdgeTaskReasonCode.Trap, result.ReasonCode);
        Assert.Contains("unreachable", result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ends_garbage_bytes_with_Malformed()
    {
        var pool = Pool();
        var garbage = new byte[64];
        new Random(7).NextBytes(garbage);

        var result = await pool.RunAsync(new EdgeTaskRequest("junk", garbage, default, Limits: SmallLimits), Token);

        Assert.Equal(EdgeTaskReasonCode.Malformed, result.ReasonCode);
        Assert.Equal(0, pool.CachedModules);
    }

    [Fact]
    public async Task Refuses_a_module_that_imports_a_clock_as_Malformed()
    {
        var pool = Pool();

        var result = await pool.RunAsync(new EdgeTaskRequest("wasi", TestModules.ImportsWasiClock, default, Limits: SmallLimits), Token);

        Assert.Equal(EdgeTaskReasonCode.Malformed, result.ReasonCode);
        Assert.Contains("wasi_snapshot_preview1.clock_time_get", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_module_bytes_that_do_not_match_their_hash_as_Malformed()
    {
        var pool = Pool();
        var wrongHash = Convert.ToHexStringLower(SHA256.HashData(TestModules.Unreachable));

        var result = await pool.RunAsync(new EdgeTaskRequest("swap", TestModules.Echo, default, wrongHash, SmallLimits), Token);

        Assert.Equal(EdgeTaskReasonCode.Malformed, result.ReasonCode);
        Assert.Contains(wrongHash, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ends_an_output_above_the_limit_with_BadOutput()
    {
        var pool = Pool();

        var result = await pool.RunAsync(new EdgeTaskRequest("big", TestModules.HundredByteOutput, default, Limits: SmallLimits with { MaxOutputBytes = 16 }), Token);

        Assert.Equal(EdgeTaskReasonCode.BadOutput, result.ReasonCode);
        Assert.True(result.Output.IsEmpty);
    }

    [Fact]
    public async Task Ends_an_output_outside_memory_with_BadOutput()
    {
        var pool = Pool();

        var result = await pool.RunAsync(new EdgeTaskRequest("oob", TestModules.OutputOutsideMemory, default, Limits: SmallLimits), Token);

        Assert.Equal(EdgeTaskReasonCode.BadOutput, result.ReasonCode);
    }

    [Fact]
    public async Task Refuses_an_input_above_the_limit_with_BadInput()
    {
        var pool = Pool();

        var result = await pool.RunAsync(new EdgeTaskRequest("in", TestModules.Echo, new byte[5000], Limits: SmallLimits), Token);

        Assert.Equal(EdgeTaskReasonCode.BadInput, result.ReasonCode);
    }

    [Fact]
    public async Task Completes_a_task_while_another_loops_forever_beside_it()
    {
        // Real clock: cancelling the endless task at the end needs the epoch ticker.
        var pool = Pool(TimeProvider.System, o => o.MaxConcurrency = 2);
        using var stopLoop = new CancellationTokenSource();
        var endless = SmallLimits with { Fuel = ulong.MaxValue / 2, Deadline = TimeSpan.FromHours(1) };

        var looping = pool.RunAsync(new EdgeTaskRequest("loop", TestModules.EndlessLoop, default, Limits: endless), stopLoop.Token);
        var healthy = await pool.RunAsync(new EdgeTaskRequest("ok", TestModules.Echo, "still here"u8.ToArray(), Limits: SmallLimits), Token);

        Assert.Equal(EdgeTaskReasonCode.Ok, healthy.ReasonCode);
        Assert.Equal("still here"u8.ToArray(), healthy.Output.ToArray());
        Assert.False(looping.IsCompleted);
        await stopLoop.CancelAsync();
        Assert.Equal(EdgeTaskReasonCode.Cancelled, (await looping).ReasonCode);
    }

    [Fact]
    public async Task Returns_QueueFull_when_the_queue_is_full()
    {
        var pool = Pool(TimeProvider.System, o => (o.MaxConcurrency, o.QueueCapacity) = (1, 1));
        using var stop = new CancellationTokenSource();
        var endless = SmallLimits with { Fuel = ulong.MaxValue / 2, Deadline = TimeSpan.FromHours(1) };

        // One worker and one queue place hold at most two tasks that never end; a refusal completes at once. However the
        // worker's take interleaves with the submissions, at least two of four endless tasks are refused on the spot.
        var tasks = Enumerable.Range(0, 4).Select(i => pool.RunAsync(new EdgeTaskRequest($"t{i}", TestModules.EndlessLoop, default, Limits: endless), stop.Token)).ToList();
        var refusedAtOnce = tasks.Count(t => t.IsCompletedSuccessfully && t.Result.ReasonCode == EdgeTaskReasonCode.QueueFull);

        await stop.CancelAsync();
        var reasons = (await Task.WhenAll(tasks)).Select(r => r.ReasonCode).ToList();
        Assert.True(refusedAtOnce >= 2, $"{refusedAtOnce} of 4 refused at once: {string.Join(", ", reasons)}");
        Assert.All(reasons, r => Assert.Contains(r, new[] { EdgeTaskReasonCode.Cancelled, EdgeTaskReasonCode.QueueFull }));
    }

    [Fact]
    public async Task Reuses_the_compiled_module_for_the_same_hash()
    {
        var pool = Pool();
        var hash = Convert.ToHexStringLower(SHA256.HashData(TestModules.Echo));

        var first = await pool.RunAsync(new EdgeTaskRequest("1", TestModules.Echo, "a"u8.ToArray(), hash, SmallLimits), Token);
        var second = await pool.RunAsync(new EdgeTaskRequest("2", TestModules.Echo, "b"u8.ToArray(), hash, SmallLimits), Token);
        var byHashOnly = await pool.RunAsync(new EdgeTaskRequest("3", default, "c"u8.ToArray(), hash, SmallLimits), Token);

        Assert.Equal((false, true, true), (first.ModuleCacheHit, second.ModuleCacheHit, byHashOnly.ModuleCacheHit));
        Assert.Equal("c"u8.ToArray(), byHashOnly.Output.ToArray());
        Assert.Equal(1, pool.CachedModules);
    }

    [Fact]
    public async Task Evicts_the_least_recently_used_module_past_the_cache_capacity()
    {
        var pool = Pool(configure: o => o.ModuleCacheCapacity = 1);
        await pool.RunAsync(new EdgeTaskRequest("1", TestModules.Echo, default, Limits: SmallLimits), Token);
        await pool.RunAsync(new EdgeTaskRequest("2", TestModules.ByteSum, default, Limits: SmallLimits), Token);

        var evicted = await pool.RunAsync(new EdgeTaskRequest("3", default, default, Convert.ToHexStringLower(SHA256.HashData(TestModules.Echo)), SmallLimits), Token);

        Assert.Equal(EdgeTaskReasonCode.BadInput, evicted.ReasonCode);
        Assert.Equal(1, pool.CachedModules);
    }

    [Fact]
    public async Task Consumes_the_same_fuel_for_the_same_input_every_time()
    {
        var pool = Pool();
        var input = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();

        var first = await pool.RunAsync(new EdgeTaskRequest("1", TestModules.ByteSum, input, Limits: SmallLimits), Token);
        var second = await pool.RunAsync(new EdgeTaskRequest("2", TestModules.ByteSum, input, Limits: SmallLimits), Token);
        var shorter = await pool.RunAsync(new EdgeTaskRequest("3", TestModules.ByteSum, input[..10], Limits: SmallLimits), Token);

        Assert.Equal(EdgeTaskReasonCode.Ok, first.ReasonCode);
        Assert.Equal(first.FuelConsumed, second.FuelConsumed);
        Assert.Equal(first.Output.ToArray(), second.Output.ToArray());
        Assert.True(shorter.FuelConsumed < first.FuelConsumed);
    }

    [Fact]
    public void Refuses_options_naming_the_bad_setting()
    {
        var options = new EdgeTaskOptions { MaxConcurrency = 0, QueueCapacity = 0 };

        var error = Assert.Throws<ArgumentException>(() => new EdgeTaskPool(options, TimeProvider.System));

        Assert.Contains("EdgeTaskOptions.MaxConcurrency", error.Message, StringComparison.Ordinal);
        Assert.Contains("EdgeTaskOptions.QueueCapacity", error.Message, StringComparison.Ordinal);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private EdgeTaskPool Pool(TimeProvider? clock = null, Action<EdgeTaskOptions>? configure = null)
    {
        var options = new EdgeTaskOptions { MaxConcurrency = 2, QueueCapacity = 8 };
        configure?.Invoke(options);
        var pool = new EdgeTaskPool(options, clock ?? new FakeTimeProvider());
        _pools.Add(pool);
        return pool;
    }
}
