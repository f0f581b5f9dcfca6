using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Coordinator.Tests.WorkStore;

/// <summary>Records for the work store tests, and keys that compare them by value (byte arrays included).</summary>
internal static class WorkFixtures
{
    public static JobRecord Job(string id, long createdMs = 1_000, JobStatus status = JobStatus.Running) =>
        new(id, "pow", "{\"difficulty\":8}", "owner-submitter", 5_000, status, null, createdMs, null, "accepted");

    public static TaskRecord TaskOf(string jobId, int index, WorkTaskStatus status = WorkTaskStatus.Open) =>
        new($"{jobId}.{index}", jobId, index, "pow.sha256", [0xA1, 0x00, (byte)index, 0xFF], status, null, null, 0);

    public static TaskRecord[] Tasks(string jobId, int count) => [.. Enumerable.Range(0, count).Select(i => TaskOf(jobId, i))];

    public static AssignmentRecord Assignment(string taskId, uint slot, string node, long deadlineMs = 60_000, AssignmentState state = AssignmentState.Issued) =>
        new(taskId, slot, node, "gw-01", $"owner-{node}", [0x83, (byte)slot, 0x00, 0x7F, .. System.Text.Encoding.ASCII.GetBytes(node)], 1_000 + slot, deadlineMs, state);

    public static ResultRecord Result(string taskId, uint slot, string node, long receivedMs = 2_000, byte body = 1) =>
        new(taskId, slot, node, "gw-01", $"owner-{node}", [0x00, body, 0xFE], receivedMs, ResultVerdict.Pending, "", 0, null);

    public static ResultVerdictUpdate Valid(string taskId, uint slot, string node, long verifiedMs = 3_000, long cost = 100) =>
        new(taskId, slot, node, ResultVerdict.Valid, "ok", cost, verifiedMs);

    public static ResultVerdictUpdate Verdict(string taskId, uint slot, string node, ResultVerdict verdict, long verifiedMs = 3_000) =>
        new(taskId, slot, node, verdict, verdict.ToString().ToLowerInvariant(), 0, verifiedMs);

    public static object Key(TaskRecord t) => (t with { Parameters = None, Output = null }, Hex(t.Parameters), Hex(t.Output));

    public static object Key(AssignmentRecord a) => (a with { Assignment = None }, Hex(a.Assignment));

    public static object Key(ResultRecord r) => (r with { Body = None }, Hex(r.Body));

    private static readonly byte[] None = new byte[1];

    private static string? Hex(byte[]? bytes) => bytes is null ? null : Convert.ToHexString(bytes);
}
