using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

namespace EdgeCompute.Coordinator.Tests.Jobs;

public sealed class MandelbrotJobTests
{
    [Fact]
    public void Writes_seven_little_endian_i32_per_tile_row_by_row()
    {
        var spec = MandelbrotJob.Create(JobFixtures.Module(), width: 5, height: 3, tileWidth: 2, tileHeight: 2, maxIterations: 300, fuel: 10_000, memoryBytes: 1 << 20);

        Assert.Equal(
            [new(0, 0, 2, 2), new(2, 0, 2, 2), new(4, 0, 1, 2), new(0, 2, 2, 1), new(2, 2, 2, 1), new TileRect(4, 2, 1, 1)],
            spec.Image!.Tiles);
        Assert.Equal((5, 3), (spec.Image.Width, spec.Image.Height));
        Assert.Equal(6, spec.Inputs!.Count);
        byte[] third =
        [
            4, 0, 0, 0, // x0
            0, 0, 0, 0, // y0
            1, 0, 0, 0, // tile width
            2, 0, 0, 0, // tile height
            5, 0, 0, 0, // image width
            3, 0, 0, 0, // image height
            0x2C, 0x01, 0, 0, // 300 iterations
        ];
        Assert.Equal(third, spec.Inputs[2]);
        Assert.All(spec.Inputs, input => Assert.Equal(28, input.Length));
        Assert.True(JobSpecValidator.Validate(spec).IsValid);
    }

    [Fact]
    public void Makes_one_tile_when_the_tile_covers_the_image()
    {
        var spec = MandelbrotJob.Create(JobFixtures.Module(), 256, 256, 1000, 1000, 1_000_000, 1, 1 << 16);

        Assert.Equal([new TileRect(0, 0, 256, 256)], spec.Image!.Tiles);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0x40, 0x42, 0x0F, 0], spec.Inputs![0]);
    }

    [Theory]
    [InlineData(0, 1, 1, 1, 1)]
    [InlineData(1, 1, 0, 1, 1)]
    [InlineData(1, 1, 1, 1, 0)]
    [InlineData(1, 1, 1, 1, 1_000_001)]
    [InlineData(10_001, 1, 1, 1, 1)]
    public void Refuses_sizes_the_module_or_the_job_limits_cannot_take(int width, int height, int tileWidth, int tileHeight, int iterations) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MandelbrotJob.Create(JobFixtures.Module(), width, height, tileWidth, tileHeight, iterations, 1, 1 << 16));
}
