using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Pricing;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Blobs;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>
/// A provisioned fleet (7 owners, 3 gateways, 12 devices) with SQLite work and ledger stores, a node directory in which
/// every node is online, a publisher that records the signed tasks, and devices answered by the firmware core's own
/// kernels (honest) or with a changed output (cheating). Time is a fake clock.
/// </summary>
internal sealed class WorkWorld : IAsyncDisposable
{
    public const long T0 = 1_764_000_000_000;
    private readonly string _folder = Directory.CreateTempSubdirectory("edgecompute-work-").FullName;
    private readonly Dictionary<string, uint> _seq = new(StringComparer.Ordinal);

    private WorkWorld(ProvisionedFleet fleet)
    {
        Fleet = fleet;
        Registry = new FleetRegistry(fleet.Coordinator);
    }

    public ProvisionedFleet Fleet { get; }

    public FleetRegistry Registry { get; }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(T0));

    /// <summary>Gets the ledger's SQLite file (tests that tamper with it write here).</summary>
    public string LedgerPath => Path.Combine(_folder, "ledger.db");

    public NodeDirectory Nodes { get; private set; } = new();

    public RecordingPublisher Published { get; } = new();

    public SqliteWorkStore Store { get; private set; } = null!;

    public SqliteLedgerStore Ledger { get; private set; } = null!;

    /// <summary>Gets the blob store (a folder beside the SQLite files) that the engine resolves jobs by hash against.</summary>
    public BlobStore Blobs { get; private set; } = null!;

    public WorkUseCases UseCases { get; private set; } = null!;

    public HashSet<string> Cheaters { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Silent { get; } = new(StringComparer.Ordinal);

    /// <summary>Creates the world; with <paramref name="nodes"/> its node directory runs on the fake clock (else the system clock, so gateways never fall silent); without <paramref name="births"/> no node is born.</summary>
    public static async Task<WorkWorld> CreateAsync(int seed, WorkOptions? options = null, int owners = 7, int gateways = 3, int devices = 12, bool births = true,
        NodeDirectoryOptions? nodes = null)
    {
        var world = new WorkWorld(FleetProvisioner.Create(new FleetSpec(owners, gateways, devices)));
        if (nodes is not null)
        {
            world.Nodes = new NodeDirectory(nodes, world.Clock);
        }

        var ct = TestContext.Current.CancellationToken;
        world.Store = await SqliteWorkStore.OpenAsync(Path.Combine(world._folder, "work.db"), ct);
        world.Ledger = await SqliteLedgerStore.OpenAsync(Path.Combine(world._folder, "ledger.db"), world.Clock, ct);
        var policy = new EpochPolicy { Genesis = DateTimeOffset.FromUnixTimeMilliseconds(T0), EpochLength = TimeSpan.FromHours(1) };
        options ??= new WorkOptions();
        options.Seed = seed;
        if (options.Prices == new PriceList())
        {
            options.Prices = TestPrices;
        }

        world.Blobs = await SqliteBlobStore.OpenAsync(Path.Combine(world._folder, "blobs.db"), Path.Combine(world._folder, "blobs"), world.Clock, ct);
        world.UseCases = new WorkUseCases(world.Store, world.Ledger, world.Registry, world.Nodes, world.Published, new EpochClock(policy, world.Clock), options, world.Clock,
            blobs: world.Blobs);
        await world.UseCases.InitializeAsync(ct);
        if (!births)
        {
            return world; // a coordinator that just started: no node has announced itself yet
        }

        foreach (var gateway in world.Fleet.Coordinator.Gateways)
        {
            var attached = world.Fleet.Coordinator.Devices.Where(d => d.GatewayId == gateway.Id).Select(d => d.Id).ToList();
            world.Nodes.GatewayBirth(new GatewayBirth(gateway.Id, 1, T0, 4, 1L << 30, true, attached, "u4pruyd", []));
        }

        foreach (var device in world.Fleet.Coordinator.Devices)
        {
            world.Nodes.DeviceBirth(device.GatewayId, device.Id, 1, new DeviceBirth("1.0.0", "esp32", KernelNames.All, 320_000, 240, []));
        }

        return world;
    }

    /// <summary>
    /// The prices of a test world unless the test sets its own: a hundredth of the defaults for kernels and storage, a
    /// hundredth for fuel, so the small fees the tests fund cover their jobs' quotes (12,000 default micro-units become 120).
    /// </summary>
    public static PriceList TestPrices { get; } = new() { DeviceOpsPerMillion = 100, GatewayFuelPerMillion = 1, StoragePerMiB = 10 };

    public string Owner(int index) => Fleet.Coordinator.Owners[index].Id;

    /// <summary>
    /// What a finished job is charged, from its stored rate, storage and charged units, after checking that the units are
    /// exactly the cost units credited to its tasks' valid results plus <paramref name="faultUnits"/>.
    /// </summary>
    public async Task<JobCharge> ChargeOfAsync(string jobId, long faultUnits = 0)
    {
        var ct = TestContext.Current.CancellationToken;
        var job = (await Store.FindJobAsync(jobId, ct))!;
        var taskIds = (await Store.ReadTasksAsync(jobId, ct)).Select(t => t.TaskId).ToHashSet(StringComparer.Ordinal);
        var credited = (await Store.ReadWorkCreditsAsync(0, long.MaxValue, ct)).Where(c => taskIds.Contains(c.TaskId)).Sum(c => c.CostUnits);
        Assert.Equal(credited + faultUnits, job.ChargedUnits);
        return JobCharge.Of(job.Fee, job.PriceRate!.Value, job.PriceStorage!.Value, job.ChargedUnits!.Value);
    }

    public DeviceRecord Device(string id) => Fleet.Coordinator.Devices.Single(d => d.Id == id);

    public async Task FundAsync(string owner, long amount)
    {
        var booked = await Ledger.AppendAsync([Deposits.Credit(Deposits.KeyFor($"test-{owner}-{amount}"), AccountId.Owner(owner), amount, 0)],
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(booked.IsSuccess, booked.ReasonCode.ToString());
    }

    public async Task<string> SubmitAsync(JobSpec spec, string submitter, long fee = 1_000)
    {
        var result = await UseCases.Intake.SubmitAsync(new JobSubmission(spec, submitter, fee), TestContext.Current.CancellationToken);
        Assert.True(result.IsAccepted, $"{result.Reason}: {result.Detail}");
        return result.JobId!;
    }

    /// <summary>Answers every device task published since the last call (honest, cheating or silent) and returns how many were answered.</summary>
    public async Task<int> AnswerDeviceTasksAsync()
    {
        var answered = 0;
        while (Published.Tasks.TryDequeue(out var task))
        {
            if (task.Target.Length == 0 || Silent.Contains(task.Target))
            {
                continue;
            }

            await AnswerAsync(task);
            answered++;
        }

        return answered;
    }

    /// <summary>Runs one device task as its device would, returning the sealed frame and decoded result it sends.</summary>
    public (DeviceFrame Frame, TaskResult Result) Run(CoordinatorTask task, bool cheat = false)
    {
        var assignment = TaskAssignmentCodec.Decode(task.Assignment).Value!;
        var result = new KernelReExecutor().ReExecute(assignment);
        if (cheat || Cheaters.Contains(task.Target))
        {
            result = result with { Output = Corrupt(result.Output!) };
        }

        var device = Device(task.Target);
        var seq = _seq[task.Target] = _seq.GetValueOrDefault(task.Target) + 1;
        var frame = DeviceFrameMac.Seal(device.GetKey(), device.Id, 1, seq, FrameType.Result, TaskResultCodec.Encode(result), task.Assignment.Span);
        return (frame, result);
    }

    public async Task AnswerAsync(CoordinatorTask task, bool cheat = false)
    {
        var (frame, result) = Run(task, cheat);
        await UseCases.Results.AcceptAsync(frame, result, task.GatewayId, TestContext.Current.CancellationToken);
    }

    /// <summary>Pumps and answers until no job is running or the rounds run out; returns the rounds used.</summary>
    public async Task<int> RunUntilDoneAsync(int maxRounds = 50)
    {
        for (var round = 1; round <= maxRounds; round++)
        {
            await UseCases.Issue.PumpAsync(TestContext.Current.CancellationToken);
            await AnswerDeviceTasksAsync();
            if ((await Store.ListJobsAsync(JobStatus.Running, 0, 1, TestContext.Current.CancellationToken)).Count == 0)
            {
                return round;
            }

            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        return maxRounds;
    }

    public async ValueTask DisposeAsync()
    {
        await UseCases.DisposeAsync();
        await Store.DisposeAsync();
        await Ledger.DisposeAsync();
        await Blobs.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static KernelOutput Corrupt(KernelOutput output) => output switch
    {
        MonteCarloPiOutput pi => pi with { Inside = pi.Inside + 1 },
        PrimesCountOutput primes => primes with { Count = primes.Count + 1 },
        PowSha256Output pow => pow with { Nonce = pow.Nonce + 1 },
        _ => output,
    };
}

/// <summary>Records the tasks the engine publishes.</summary>
internal sealed class RecordingPublisher : ITaskPublisher
{
    public System.Collections.Concurrent.ConcurrentQueue<CoordinatorTask> Tasks { get; } = new();

    public List<CoordinatorTask> All { get; } = [];

    public Task PublishAsync(CoordinatorTask task, CancellationToken cancellationToken = default)
    {
        Tasks.Enqueue(task);
        lock (All)
        {
            All.Add(task);
        }

        return Task.CompletedTask;
    }
}
