using EdgeCompute.Firmware.Core.Buffering;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Kernels;

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
    private readonly TaskRunner _taskRunner = new TaskRunner();
    private readonly KernelOutput _kernelOutput = new KernelOutput();
    private readonly byte[] _resultBuffer = new byte[ProtocolLimits.MaxDevicePayload];
    private readonly CborEncoder _result;
    private bool _resultPending;
    private long _resultsUnsealable;

    /// <summary>Creates an executor and its buffers.</summary>
    /// <param name="tasks">The queued assignments.</param>
    /// <param name="sequencer">Seals the results.</param>
    /// <param name="ring">Receives the sealed results.</param>
    public TaskExecutor(TaskQueue tasks, FrameSequencer sequencer, FrameRing ring)
    {
        _tasks = tasks;
        _sequencer = sequencer;
        _ring = ring;
        _result = new CborEncoder(_resultBuffer);
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
            _resultPending = !_ring.Enqueue(_resultBuffer, 0, _result.Length, true, 0);
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

        _taskRunner.Run(task, now, _kernelOutput);
        var body = _sequencer.Body;
        body.Reset();
        ResultBodyWriter.Write(body, task, _kernelOutput);
        _result.Reset();
        var sealedOk = _sequencer.SealNext(FrameType.Result, task.AssignmentHash, _result);
        _tasks.RemoveHead();
        if (!sealedOk)
        {
            _resultsUnsealable++;
            return false;
        }

        _resultPending = !_ring.Enqueue(_resultBuffer, 0, _result.Length, true, 0);
        return true;
    }
}
