using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Firmware.Simulator.Platform;

/// <summary>
/// What the simulated boards of one fleet keep in flash — their boot counters — in one state file per fleet,
/// <c>DATA/simulator/fleet-&lt;fingerprint&gt;.json</c>, so a second run, or a run after a crash, never repeats a boot the
/// coordinator already holds frames for. The fingerprint is taken from the fleet's device ids and keys, so the file
/// follows the fleet wherever its folder moves and a re-provisioned fleet starts a new one.
/// </summary>
/// <remarks>
/// <para>A boot is reserved before it is used (<see cref="Reserve"/>): the file is replaced atomically and flushed to the
/// disk before any frame of that boot is sealed, so a run killed with SIGKILL (or a power loss) leaves a file that
/// already names every boot the run may have used.</para>
/// <para>Locks (OS file locks, released by the kernel when the process dies): for the whole run, one lock per gateway whose
/// devices this process simulates (<c>fleet-…​.&lt;gateway&gt;.lock</c>), so two simulators of the same devices refuse to run
/// together while one simulator per gateway may; and, for each short read-merge-write of the shared file,
/// <c>fleet-…​.lock</c>.</para>
/// </remarks>
public sealed class SimulatorStateFile : IBootStore, IDisposable
{
    /// <summary>The folder inside the data folder that holds the state files.</summary>
    public const string FolderName = "simulator";

    private static readonly TimeSpan WriteLockPatience = TimeSpan.FromSeconds(10);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly string _fingerprint;
    private readonly string _writeLockPath;
    private readonly List<FileStream> _runLocks;
    private readonly Dictionary<string, uint> _boots = new(StringComparer.Ordinal);
    private readonly HashSet<string> _devices;
    private readonly Lock _lock = new();

    private SimulatorStateFile(string path, string fingerprint, List<FileStream> runLocks, HashSet<string> devices)
    {
        Path = path;
        _fingerprint = fingerprint;
        _writeLockPath = System.IO.Path.ChangeExtension(path, ".lock");
        _runLocks = runLocks;
        _devices = devices;
    }

    /// <summary>Gets the state file's full path.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens (creating when missing) the state file of <paramref name="fleet"/> in <paramref name="dataFolder"/> and locks
    /// the gateways of <paramref name="simulated"/> for this process.
    /// </summary>
    /// <param name="dataFolder">The simulator's data folder (created when missing).</param>
    /// <param name="fleet">Every device of the fleet (the fingerprint).</param>
    /// <param name="simulated">The devices this process simulates.</param>
    /// <returns>The open state file.</returns>
    /// <exception cref="SimulatorStateLockedException">Another process simulates devices of the same gateway of this fleet.</exception>
    /// <exception cref="InvalidDataException">The state file does not hold this fleet's boot counters.</exception>
    /// <exception cref="IOException">The folder or the file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or the file cannot be written.</exception>
    public static SimulatorStateFile Open(string dataFolder, IReadOnlyCollection<DeviceFile> fleet, IReadOnlyCollection<DeviceFile> simulated)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataFolder);
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(simulated);
        var folder = System.IO.Path.Combine(System.IO.Path.GetFullPath(dataFolder), FolderName);
        Directory.CreateDirectory(folder);
        var fingerprint = Fingerprint(fleet);
        var path = System.IO.Path.Combine(folder, $"fleet-{fingerprint}.json");
        var locks = new List<FileStream>();
        try
        {
            foreach (var gateway in simulated.Select(d => d.GatewayId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var lockPath = System.IO.Path.Combine(folder, $"fleet-{fingerprint}.{gateway}.lock");
                locks.Add(TryLock(lockPath) ?? throw new SimulatorStateLockedException(
                    $"another simulate runs devices of gateway {gateway} of this fleet (it holds {lockPath}); stop it first, or simulate other gateways with --gateway"));
            }

            var state = new SimulatorStateFile(path, fingerprint, locks, [.. simulated.Select(d => d.DeviceId)]);
            state.Load();
            return state;
        }
        catch
        {
            locks.ForEach(l => l.Dispose());
            throw;
        }
    }

    /// <summary>The fingerprint of a fleet: SHA-256 over its device ids and keys, sorted by id, first 8 bytes in hex.</summary>
    /// <param name="fleet">Every device of the fleet.</param>
    /// <returns>16 lowercase hex characters.</returns>
    public static string Fingerprint(IEnumerable<DeviceFile> fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var text = string.Join('\n', fleet.OrderBy(d => d.DeviceId, StringComparer.Ordinal).Select(d => $"{d.DeviceId}:{d.KeyHex.ToLowerInvariant()}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }

    /// <summary>Gets the last boot reserved for a device (0 before its first).</summary>
    /// <param name="deviceId">The device.</param>
    /// <returns>The boot.</returns>
    public uint Last(string deviceId)
    {
        lock (_lock)
        {
            return _boots.GetValueOrDefault(deviceId);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A device is not one this process simulates.</exception>
    public IReadOnlyList<uint> Reserve(IReadOnlyList<string> deviceIds)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        if (deviceIds.FirstOrDefault(id => !_devices.Contains(id)) is { } stranger)
        {
            throw new ArgumentException($"{stranger} is not simulated by this process", nameof(deviceIds));
        }

        lock (_lock)
        {
            using var writeLock = LockForWrite();
            var stored = ReadFile();
            var next = new uint[deviceIds.Count];
            for (var i = 0; i < next.Length; i++)
            {
                var id = deviceIds[i];
                next[i] = BootNumbers.Next(id, Math.Max(stored.GetValueOrDefault(id), _boots.GetValueOrDefault(id)));
                stored[id] = next[i];
            }

            WriteFile(stored);
            for (var i = 0; i < next.Length; i++)
            {
                _boots[deviceIds[i]] = next[i];
            }

            return next;
        }
    }

    /// <summary>Releases the gateway locks (the file stays).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _runLocks.ForEach(l => l.Dispose());
            _runLocks.Clear();
        }
    }

    private void Load()
    {
        using var writeLock = LockForWrite();
        foreach (var (id, boot) in ReadFile())
        {
            if (_devices.Contains(id))
            {
                _boots[id] = boot;
            }
        }
    }

    private Dictionary<string, uint> ReadFile()
    {
        if (!File.Exists(Path))
        {
            return new(StringComparer.Ordinal);
        }

        StateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<StateDocument>(File.ReadAllBytes(Path), Json);
        }
        catch (JsonException e)
        {
            throw Damaged($"not valid JSON ({e.Message})");
        }

        if (document?.Boots is null || document.Fleet != _fingerprint)
        {
            throw Damaged(document?.Fleet is { } other && other != _fingerprint ? $"it belongs to fleet {other}" : "it has no \"fleet\" and \"boots\"");
        }

        return new Dictionary<string, uint>(document.Boots, StringComparer.Ordinal);
    }

    private void WriteFile(Dictionary<string, uint> boots)
    {
        var document = new StateDocument(_fingerprint, new SortedDictionary<string, uint>(boots, StringComparer.Ordinal));
        DurableFile.Replace(Path, JsonSerializer.SerializeToUtf8Bytes(document, Json));
    }

    private InvalidDataException Damaged(string problem) => new(string.Create(CultureInfo.InvariantCulture,
        $"the simulator state file {Path} is damaged: {problem}. It holds the boot counters of the fleet's simulated devices; restore it, or delete it only if the coordinator's stores are new as well"));

    // The short lock around one read-merge-write of the shared file; other simulators of the same fleet hold it only as long.
    private FileStream LockForWrite()
    {
        var deadline = Environment.TickCount64 + (long)WriteLockPatience.TotalMilliseconds;
        while (true)
        {
            if (TryLock(_writeLockPath) is { } held)
            {
                return held;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new SimulatorStateLockedException($"{_writeLockPath} stayed locked for {WriteLockPatience.TotalSeconds:0} s");
            }

            Thread.Sleep(5);
        }
    }

    private static FileStream? TryLock(string path)
    {
        try
        {
            // FileShare.None takes an exclusive OS lock (flock on Linux and macOS): the kernel drops it when the holder dies.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    private sealed record StateDocument(string Fleet, IDictionary<string, uint> Boots);
}
