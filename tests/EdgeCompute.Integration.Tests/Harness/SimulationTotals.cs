using System.Text.Json;

namespace EdgeCompute.Integration.Tests.Harness;

/// <summary>The totals <c>edgecompute simulate --json</c> prints on its last line (what the devices had acknowledged by their gateway).</summary>
internal sealed record SimulationTotals(int Seed, int Devices, long ReadingsSent, long FramesSent, long ReadingsDropped, long ResultsSent, long TasksReceived,
    long ConnectAttempts, long Disconnects)
{
    public static SimulationTotals Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new SimulationTotals(root.GetProperty("seed").GetInt32(), root.GetProperty("devices").GetInt32(), root.GetProperty("readingsSent").GetInt64(),
            root.GetProperty("framesSent").GetInt64(), root.GetProperty("readingsDropped").GetInt64(), root.GetProperty("resultsSent").GetInt64(),
            root.GetProperty("tasksReceived").GetInt64(), root.GetProperty("connectAttempts").GetInt64(), root.GetProperty("disconnects").GetInt64());
    }

    public static SimulationTotals operator +(SimulationTotals a, SimulationTotals b) =>
        new(a.Seed, a.Devices + b.Devices, a.ReadingsSent + b.ReadingsSent, a.FramesSent + b.FramesSent, a.ReadingsDropped + b.ReadingsDropped,
            a.ResultsSent + b.ResultsSent, a.TasksReceived + b.TasksReceived, a.ConnectAttempts + b.ConnectAttempts, a.Disconnects + b.Disconnects);
}
