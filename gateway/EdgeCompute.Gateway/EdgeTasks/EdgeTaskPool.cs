using System.Collections.Concurrent;
using EdgeCompute.Gateway.LocalStore;
using EdgeCompute.Wasm.Host;
using Wasmtime;

namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>
/// Runs WebAssembly edge tasks on a bounded pool of worker threads (<see cref="EdgeTaskOptions.MaxConcurrency"/>)
/// behind a bounded queue. Modules are cached by SHA-256; each task gets its own store with its own fuel, memory
/// limit and deadline, so a task that loops, allocates without bound, traps or is malformed ends alone with a
/// reason code while the pool and the other tasks carry on.
/// </summary>
/// <remarks>
/// The epoch ticker (every <see cref="EdgeTaskOptions.EpochTick"/>, which lets a running task see its deadline and its
/// cancellation) runs only while tasks run, and stops at its first tick with none running: idle, it would wake the process
/// a hundred times a second for nothing, and on a gateway with a thousand devices that idle ticking was about half of its
/// CPU between windows.
/// </remarks>
public sealed class EdgeTaskPool : IDisposable
{
    private readonly EdgeTaskOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Engine _engine;
    private readonly WasmModuleCache _cache;
    private readonly BlockingCollection<WorkItem> _queue;
    private readonly Thread[] _workers;
    private readonly ITimer _epochTicker;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ILocalWindowReader? _windows;
    private readonly Lock _tickerGate = new();
    private int _running;
    private bool _ticking;
    private long _epochTicks;
    private int _disposed;

    /// <summary>Starts the pool's workers and its epoch ticker.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="timeProvider">The clock of deadlines and of the epoch ticker.</param>
    /// <param name="windows">The local store data-local tasks read through <c>ec.query_windows</c>; null when there is none.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names each setting.</exception>
    public EdgeTaskPool(EdgeTaskOptions options, TimeProvider timeProvider, ILocalWindowReader? windows = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (new EdgeTaskOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            throw new ArgumentException(invalid.FailureMessage, nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider;
        _windows = windows;
        _engine = DeterministicEngine.Create(options.MaxConcurrency);
        _cache = new WasmModuleCache(_engine, options.ModuleCacheCapacity, options.MaxModuleBytes);
        _queue = new BlockingCollection<WorkItem>(options.QueueCapacity);
        _epochTicker = timeProvider.CreateTimer(static state => ((EdgeTaskPool)state!).TickEpoch(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _workers = new Thread[options.MaxConcurrency];
        for (var i = 0; i < _workers.Length; i++)
        {
            // A generous native stack: WebAssembly frames run on it, up to the engine's 512 KiB wasm stack limit.
            _workers[i] = new Thread(WorkerLoop, maxStackSize: 4 << 20) { IsBackground = true, Name = $"edge-task-{i}" };
            _workers[i].Start();
        }
    }

    /// <summary>Gets the largest module the pool compiles.</summary>
    public int MaxModuleBytes => _options.MaxModuleBytes;

    /// <summary>Gets the limits of a request that carries none (their input and output bounds are the gateway's).</summary>
    public EdgeTaskLimits DefaultLimits => _options.DefaultLimits;

    /// <summary>Whether the compiled module with this SHA-256 is cached now, so a request may carry the hash without the bytes.</summary>
    /// <param name="moduleHash">The module's SHA-256 (hex).</param>
    /// <returns>Whether it is cached (it may be evicted before a later request runs).</returns>
    public bool HasCompiled(string moduleHash) => _cache.Contains(moduleHash);

    /// <summary>Compiled modules held in the cache now.</summary>
    public int CachedModules => _cache.Count;

    /// <summary>
    /// Queues a task and completes when it ends. A full queue gives <see cref="EdgeTaskReasonCode.QueueFull"/> at once;
    /// cancelling stops the task (within one epoch tick when running) with <see cref="EdgeTaskReasonCode.Cancelled"/>.
    /// </summary>
    /// <param name="request">The module, input and limits.</param>
    /// <param name="cancellationToken">Stops the task.</param>
    /// <returns>The task's result; never faults for anything the module does.</returns>
    public Task<EdgeTaskResult> RunAsync(EdgeTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var limits = request.Limits ?? _options.DefaultLimits;
        if (limits.Check() is { } problem)
        {
            return Task.FromResult(EdgeTaskResult.Failed(request.TaskId, EdgeTaskReasonCode.BadInput, $"invalid limits: {problem}"));
        }

        if (request.Input.Length > limits.MaxInputBytes)
        {
            return Task.FromResult(EdgeTaskResult.Failed(request.TaskId, EdgeTaskReasonCode.BadInput,
                $"the input has {request.Input.Length} bytes, more than the limit of {limits.MaxInputBytes}"));
        }

        var item = new WorkItem(request, limits, cancellationToken);
        bool queued;
        try
        {
            queued = _queue.TryAdd(item);
        }
        catch (InvalidOperationException)
        {
            queued = false; // completed for adding: the pool is shutting down
        }

        return queued
            ? item.Completion.Task
            : Task.FromResult(EdgeTaskResult.Failed(request.TaskId, EdgeTaskReasonCode.QueueFull,
                $"the edge-task queue is full ({_options.QueueCapacity} waiting); try again later"));
    }

    /// <summary>Stops taking tasks, cancels running ones, waits for the workers and releases the engine.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.CompleteAdding();
        _shutdown.Cancel();
        foreach (var worker in _workers)
        {
            worker.Join();
        }

        _epochTicker.Dispose();
        _cache.Dispose();
        _queue.Dispose();
        _engine.Dispose();
        _shutdown.Dispose();
    }

    /// <summary>Runs one task on the calling thread, bypassing the queue (for measurements and tests).</summary>
    internal EdgeTaskResult RunInline(EdgeTaskRequest request, EdgeTaskExecutor executor, CancellationToken cancellationToken = default) =>
        Execute(new WorkItem(request, request.Limits ?? _options.DefaultLimits, cancellationToken), executor);

    /// <summary>Gets how many times the epoch ticker has ticked (it ticks only while a task runs).</summary>
    internal long EpochTicks => Interlocked.Read(ref _epochTicks);

    /// <summary>A new executor over this pool's engine (one per thread).</summary>
    internal EdgeTaskExecutor CreateExecutor() => new(_engine, _windows, _timeProvider);

    private void WorkerLoop()
    {
        using var executor = CreateExecutor();
        foreach (var item in _queue.GetConsumingEnumerable())
        {
            EdgeTaskResult result;
            try
            {
                result = Execute(item, executor);
            }
#pragma warning disable CA1031 // A worker must survive anything one task does; the failure becomes that task's result.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                result = EdgeTaskResult.Failed(item.Request.TaskId, EdgeTaskReasonCode.Trap, $"the task failed in the host: {ex.Message}");
            }

            item.Completion.TrySetResult(result);
        }
    }

    /// <summary>One tick: the engine's epoch moves on; a tick that finds no task running stops the ticker.</summary>
    private void TickEpoch()
    {
        Interlocked.Increment(ref _epochTicks);
        _engine.IncrementEpoch();
        lock (_tickerGate)
        {
            if (_running == 0 && _ticking)
            {
                _ticking = false;
                _epochTicker.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>
    /// Counts a task in; the first one after an idle tick starts the epoch ticker. Tasks that follow each other keep it
    /// running (re-arming a timer per task cost more than the task's own overhead), and the first tick with none
    /// running stops it.
    /// </summary>
    private void TaskStarted()
    {
        lock (_tickerGate)
        {
            _running++;
            if (!_ticking)
            {
                _ticking = true;
                _epochTicker.Change(_options.EpochTick, _options.EpochTick);
            }
        }
    }

    /// <summary>Counts a task out (the next tick stops the ticker if it was the last).</summary>
    private void TaskEnded()
    {
        lock (_tickerGate)
        {
            _running--;
        }
    }

    private EdgeTaskResult Execute(WorkItem item, EdgeTaskExecutor executor)
    {
        TaskStarted();
        try
        {
            return ExecuteTicking(item, executor);
        }
        finally
        {
            TaskEnded();
        }
    }

    private EdgeTaskResult ExecuteTicking(WorkItem item, EdgeTaskExecutor executor)
    {
        var request = item.Request;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(item.CancellationToken, _shutdown.Token);
        if (linked.IsCancellationRequested)
        {
            return EdgeTaskResult.Failed(request.TaskId, EdgeTaskReasonCode.Cancelled, "the task was cancelled before it started");
        }

        var lookup = _cache.GetOrCompile(request.ModuleBytes.Span, request.ModuleHash);
        if (lookup.Module is null)
        {
            return EdgeTaskResult.Failed(request.TaskId, lookup.Failure, lookup.Message, lookup.Hash);
        }

        return executor.Execute(request.TaskId, lookup.Module, lookup.CacheHit, request.Input.Span, item.Limits, linked.Token);
    }
}
