using System.Buffers.Binary;
using EdgeCompute.Gateway.EdgeTasks;
using EdgeCompute.Gateway.LocalStore;
using EdgeCompute.Gateway.Tests.LocalStore;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Wasm.Host;
using Microsoft.Extensions.Time.Testing;
using Wasmtime;

namespace EdgeCompute.Gateway.Tests.EdgeTasks;

public sealed class ExampleModuleTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("mandelbrot.wat")]
    [InlineData("sum-windows.wat")]
    public void Compiles_from_text_under_the_deterministic_configuration(string file)
    {
        using var engine = DeterministicEngine.Create();
        using var module = Module.FromText(engine, file, ExampleModules.Text(file));

        Assert.Null(HostAbi.Check(module));
    }

    [Theory]
    [InlineData(0, 0, 64, 48, 64, 48, 64)]
    [InlineData(96, 40, 32, 24, 256, 192, 500)]
    [InlineData(6, 3, 5, 1, 11, 9, 1)]
    public async Task Renders_a_Mandelbrot_tile_byte_for_byte_like_the_reference(int x0, int y0, int width, int height, int imageWidth, int imageHeight, int maxIterations)
    {
        using var pool = new EdgeTaskPool(new EdgeTaskOptions { MaxConcurrency = 1 }, _clock);
        var input = new byte[28];
        int[] fields = [x0, y0, width, height, imageWidth, imageHeight, maxIterations];
        for (var i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(i * 4), fields[i]);
        }

        var result = await pool.RunAsync(new EdgeTaskRequest("tile", ExampleModules.Binary("mandelbrot.wat"), input), TestContext.Current.CancellationToken);

        Assert.Equal(EdgeTaskReasonCode.Ok, result.ReasonCode);
        Assert.Equal(MandelbrotReference.Render(x0, y0, width, height, imageWidth, imageHeight, maxIterations), result.Output.ToArray());
    }

    [Fact]
    public async Task Traps_on_a_Mandelbrot_tile_outside_the_image()
    {
        using var pool = new EdgeTaskPool(new EdgeTaskOptions { MaxConcurrency = 1 }, _clock);
        var input = new byte[28];
        BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(0), 60);
        BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(8), 8);
        BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(12), 8);
        BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(16), 64);
        BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(20), 64);
        BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(24), 10);

        var result = await pool.RunAsync(new EdgeTaskRequest("tile", ExampleModules.Binary("mandelbrot.wat"), input), TestContext.Current.CancellationToken);

        Assert.Equal(EdgeTaskReasonCode.Trap, result.ReasonCode);
    }

    [Fact]
    public async Task Sums_windows_of_the_local_store_into_a_count_weighted_mean()
    {
        using var store = new LocalWindowStore(new LocalStoreOptions { DatabasePath = _database.Path }, _clock);
        var t0 = Now.ToUnixTimeMilliseconds() - 3_600_000;
        await store.StoreAsync(
        [
            Temp("dev-a", t0, count: 60, mean: 2_100),
            Temp("dev-b", t0, count: 30, mean: 2_400),
            Temp("dev-a", t0 + 60_000, count: 10, mean: -500),
            Temp("dev-a", t0 + 120_000, count: 60, mean: 9_999), // outside the range
        ], TestContext.Current.CancellationToken);
        using var pool = new EdgeTaskPool(new EdgeTaskOptions { MaxConcurrency = 1 }, _clock, store);

        var result = await pool.RunAsync(new EdgeTaskRequest("sum", ExampleModules.Binary("sum-windows.wat"), SumInput(t0, t0 + 120_000, "temp")),
            TestContext.Current.CancellationToken);

        Assert.Equal(EdgeTaskReasonCode.Ok, result.ReasonCode);
        var output = result.Output.Span;
        Assert.Equal(3, BinaryPrimitives.ReadInt64LittleEndian(output));
        Assert.Equal(100, BinaryPrimitives.ReadInt64LittleEndian(output[8..]));
        Assert.Equal(1_930, BinaryPrimitives.ReadInt64LittleEndian(output[16..])); // (60·2100 + 30·2400 − 10·500) / 100 = 1930
        Assert.Equal(-2, BinaryPrimitives.ReadInt64LittleEndian(output[24..]));
    }

    [Fact]
    public async Task Charges_the_same_fuel_for_the_same_query_of_the_same_windows()
    {
        using var store = new LocalWindowStore(new LocalStoreOptions { DatabasePath = _database.Path }, _clock);
        var t0 = Now.ToUnixTimeMilliseconds() - 3_600_000;
        await store.StoreAsync([Temp("dev-a", t0, 60, 2_000), Temp("dev-b", t0, 60, 2_200)], TestContext.Current.CancellationToken);
        using var pool = new EdgeTaskPool(new EdgeTaskOptions { MaxConcurrency = 1 }, _clock, store);
        var module = ExampleModules.Binary("sum-windows.wat");

        var first = await pool.RunAsync(new EdgeTaskRequest("1", module, SumInput(t0, t0 + 60_000, "temp")), TestContext.Current.CancellationToken);
        var second = await pool.RunAsync(new EdgeTaskRequest("2", module, SumInput(t0, t0 + 60_000, "temp")), TestContext.Current.CancellationToken);

        Assert.Equal(EdgeTaskReasonCode.Ok, first.ReasonCode);
        Assert.Equal(first.FuelConsumed, second.FuelConsumed);
        Assert.True(first.FuelConsumed > HostAbi.QueryBaseFuel + (2 * HostAbi.QueryFuelPerWindow));
    }

    [Fact]
    public async Task Traps_when_the_gateway_has_no_local_store()
    {
        using var pool = new EdgeTaskPool(new EdgeTaskOptions { MaxConcurrency = 1 }, _clock);

        var result = await pool.RunAsync(new EdgeTaskRequest("sum", ExampleModules.Binary("sum-windows.wat"), SumInput(0, 1, "temp")),
            TestContext.Current.CancellationToken);

        Assert.Equal(EdgeTaskReasonCode.Trap, result.ReasonCode);
    }

    private static byte[] SumInput(long fromMs, long toMs, string channel)
    {
        var input = new byte[16 + channel.Length];
        BinaryPrimitives.WriteInt64LittleEndian(input, fromMs);
        BinaryPrimitives.WriteInt64LittleEndian(input.AsSpan(8), toMs);
        System.Text.Encoding.ASCII.GetBytes(channel, input.AsSpan(16));
        return input;
    }

    private static WindowSummary Temp(string source, long startMs, long count, long mean) =>
        new(source, startMs, 60_000, [new ChannelSummary("temp", "Cel", -2, count, mean - 10, mean + 10, mean, 25)]);
}
