using EdgeCompute.Firmware.Core.Buffering;
using EdgeCompute.Firmware.Core.Frames;

namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>
/// Runs the head task assignment within its budget, seals the result (its MAC covering the assignment hash)
/// and puts it in the ring. A result the full ring refuses stays pending and is retried before the next task.
/// </summary>
internal sealed class TaskExecutor
{
    private readonly TaskQueue _tasks;
    private readonly FrameSequencer _sequencer;
    private readonly FrameRing _ring;
    private readonly AgentScratch _scratch;
    private byte[]? _pendingResult;
    private int _pendingLength;
    private bool _resultPending;
    private long _resultsUnsealable;

    /// <summary>Creates an executor and its buffers.</summary>
    /// <param name="tasks">The queued assignments.</param>
    /// <param name="sequencer">Seals the results.</param>
    /// <param name="ring">Receives the sealed results.</param>
    /// <param name="scratch">Holds the kernels and the buffer results are sealed into.</param>
    public TaskExecutor(TaskQueue tasks, FrameSequencer sequencer, FrameRing ring, AgentScratch scratch)
    {
        _tasks = tasks;
        _sequencer = sequencer;
        _ring = ring;
        _scratch = scratch;
    }

    /// <summary>Gets whether a sealed result still waits for room in the ring.</summary>
    public bool HasPendingResult
    {
        get { return _resultPending; }
    }

    /// <summary>Gets how many results could not be sealed.</summary>
    public long ResultsUnsealable
    {
        get { return _resultsUnsealable; }
    }

    /// <summary>Offers the pending result to the ring again, if there is one.</summary>
    public void RetryPendingResult()
    {
        if (_resultPending)
        {
            _resultPending = !_ring.Enqueue(_pendingResult!, 0, _pendingLength, true, 0);
        }
    }

    /// <summary>Runs the head assignment, if any, and seals its result into the ring.</summary>
    /// <param name="now">The current time, ms since the epoch (for the deadline).</param>
    /// <returns>Whether a result was sealed.</returns>
    public bool RunNext(long now)
    {
        // The head slot is not reused by OnTaskMessage until RemoveHead, so the kernel runs unlocked.
        var task = _tasks.PeekHead();
        if (task == null)
        {
            return false;
        }

        var output = _scratch.KernelOutput;
        _scratch.Runner.Run(task, now, output);
        var body = _sequencer.Body;
        body.Reset();
        ResultBodyWriter.Write(body, task, output);
        var result = _scratch.Frame;
        result.Reset();
        var sealedOk = _sequencer.SealNext(FrameType.Result, task.AssignmentHash, result);
        _tasks.RemoveHead();
        if (!sealedOk)
        {
            _resultsUnsealable++;
            return false;
        }

        if (!_ring.Enqueue(_scratch.FrameBuffer, 0, result.Length, true, 0))
        {
            // Kept until the ring has room; the scratch is only lent for this call. Allocated at the first refusal.
            if (_pendingResult == null)
            {
                _pendingResult = new byte[ProtocolLimits.MaxDevicePayload];
            }

            System.Array.Copy(_scratch.FrameBuffer, 0, _pendingResult, 0, result.Length);
            _pendingLength = result.Length;
            _resultPending = true;
        }

        return true;
    }
}
