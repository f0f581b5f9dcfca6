namespace EdgeCompute.Gateway.Outbox;

/// <summary>One piece of work for the outbox's single writer; its awaiter completes only after the group's commit.</summary>
internal abstract class OutboxOperation
{
    public abstract void Execute(OutboxSession session);

    public abstract void Complete();

    public abstract void Fail(Exception error);
}

/// <summary>An operation with a result.</summary>
/// <typeparam name="T">The result type.</typeparam>
internal sealed class OutboxOperation<T>(Func<OutboxSession, T> work) : OutboxOperation
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public override void Execute(OutboxSession session) => _result = work(session);

    public override void Complete() => _completion.TrySetResult(_result!);

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
