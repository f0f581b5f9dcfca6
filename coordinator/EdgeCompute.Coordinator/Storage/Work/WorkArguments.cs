using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>Argument checks shared by both stores, so a bad call fails with an <see cref="ArgumentException"/> before any SQL runs.</summary>
internal static class WorkArguments
{
    public static void Id(string? value, string name)
    {
        if (string.IsNullOrEmpty(value)) throw new ArgumentException("Must be a non-empty id.", name);
    }

    public static void Text(string? value, string name)
    {
        if (value is null) throw new ArgumentNullException(name);
    }

    public static void Defined<T>(T value, string name) where T : struct, Enum
    {
        if (!Enum.IsDefined(value)) throw new ArgumentOutOfRangeException(name, value, $"Not a {typeof(T).Name}.");
    }

    public static void Limit(int value, string name) => ArgumentOutOfRangeException.ThrowIfNegative(value, name);

    public static void Job(JobRecord? job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Id(job.JobId, nameof(job));
        Text(job.Kind, nameof(job));
        Text(job.SpecJson, nameof(job));
        Text(job.Submitter, nameof(job));
        Text(job.Detail, nameof(job));
        Defined(job.Status, nameof(job));
    }

    public static void Tasks(string jobId, IReadOnlyList<TaskRecord>? tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var indexes = new HashSet<int>();
        foreach (var task in tasks)
        {
            if (task is null) throw new ArgumentException("A task is null.", nameof(tasks));
            Id(task.TaskId, nameof(tasks));
            Text(task.Kernel, nameof(tasks));
            if (task.Parameters is null) throw new ArgumentException($"Task {task.TaskId} has no parameters.", nameof(tasks));
            Defined(task.Status, nameof(tasks));
            if (!string.Equals(task.JobId, jobId, StringComparison.Ordinal)) throw new ArgumentException($"Task {task.TaskId} belongs to job {task.JobId}, not {jobId}.", nameof(tasks));
            if (task.Index < 0 || task.Attempts < 0) throw new ArgumentException($"Task {task.TaskId} has a negative index or attempt count.", nameof(tasks));
            if (!ids.Add(task.TaskId) || !indexes.Add(task.Index)) throw new ArgumentException($"Task {task.TaskId} repeats an id or index.", nameof(tasks));
        }
    }

    public static void Assignment(AssignmentRecord? assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        Id(assignment.TaskId, nameof(assignment));
        Id(assignment.NodeId, nameof(assignment));
        Text(assignment.GatewayId, nameof(assignment));
        Text(assignment.Owner, nameof(assignment));
        if (assignment.Assignment is null) throw new ArgumentException("No assignment bytes.", nameof(assignment));
        Defined(assignment.State, nameof(assignment));
    }

    public static void Result(ResultRecord? result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Id(result.TaskId, nameof(result));
        Id(result.NodeId, nameof(result));
        Text(result.GatewayId, nameof(result));
        Text(result.Owner, nameof(result));
        Text(result.Reason, nameof(result));
        if (result.Body is null) throw new ArgumentException("No result body.", nameof(result));
        Defined(result.Verdict, nameof(result));
    }

    public static void Judgement(IReadOnlyList<ResultVerdictUpdate>? verdicts, TaskCompletion? task)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        string? taskId = null;
        if (task is not null)
        {
            Id(task.TaskId, nameof(task));
            if (task.Status is not (WorkTaskStatus.Verified or WorkTaskStatus.Failed)) throw new ArgumentException("A task finishes verified or failed.", nameof(task));
            taskId = task.TaskId;
        }

        foreach (var verdict in verdicts)
        {
            if (verdict is null) throw new ArgumentException("A verdict is null.", nameof(verdicts));
            Id(verdict.TaskId, nameof(verdicts));
            Id(verdict.NodeId, nameof(verdicts));
            Text(verdict.Reason, nameof(verdicts));
            Defined(verdict.Verdict, nameof(verdicts));
            if (verdict.Verdict == ResultVerdict.Pending) throw new ArgumentException("A verdict cannot be Pending.", nameof(verdicts));
            taskId ??= verdict.TaskId;
            if (!string.Equals(verdict.TaskId, taskId, StringComparison.Ordinal)) throw new ArgumentException("All verdicts must be of one task (the completed one when given).", nameof(verdicts));
        }
    }

    public static void Reputation(NodeReputationRecord? reputation)
    {
        ArgumentNullException.ThrowIfNull(reputation);
        Id(reputation.NodeId, nameof(reputation));
        if (!double.IsFinite(reputation.Alpha) || !double.IsFinite(reputation.Beta)) throw new ArgumentException("Alpha and beta must be finite.", nameof(reputation));
    }

    public static void Pair(ColludingPairRecord? pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        Id(pair.FirstNode, nameof(pair));
        Id(pair.SecondNode, nameof(pair));
        Id(pair.TaskId, nameof(pair));
        if (string.Equals(pair.FirstNode, pair.SecondNode, StringComparison.Ordinal)) throw new ArgumentException("A pair is two different nodes.", nameof(pair));
    }
}
