using System.Security.Cryptography;
using EdgeCompute.Wasm.Host;
using Wasmtime;

namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>
/// Compiled modules by SHA-256 of their bytes, least recently used evicted past the capacity. Only modules that
/// compile and follow the host ABI are cached. Evicted modules are not disposed here: a running task may still
/// hold one, so their native handles are released by the garbage collector.
/// </summary>
internal sealed class WasmModuleCache : IDisposable
{
    private readonly Engine _engine;
    private readonly int _capacity;
    private readonly int _maxModuleBytes;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<CompiledModule>> _byHash = new(StringComparer.Ordinal);
    private readonly LinkedList<CompiledModule> _recency = new();

    public WasmModuleCache(Engine engine, int capacity, int maxModuleBytes)
    {
        _engine = engine;
        _capacity = capacity;
        _maxModuleBytes = maxModuleBytes;
    }

    /// <summary>Compiled modules held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byHash.Count;
            }
        }
    }

    /// <summary>Whether a compiled module with this SHA-256 is held now (it may be evicted right after).</summary>
    public bool Contains(string hash)
    {
        lock (_lock)
        {
            return _byHash.ContainsKey(hash.ToLowerInvariant());
        }
    }

    /// <summary>Finds the module with these bytes (or, with no bytes, the hash), compiling and caching it on a miss.</summary>
    public ModuleLookup GetOrCompile(ReadOnlySpan<byte> bytes, string? expectedHash)
    {
        if (bytes.IsEmpty)
        {
            if (expectedHash is null)
            {
                return Fail(string.Empty, EdgeTaskReasonCode.BadInput, "the request carries neither module bytes nor a module hash");
            }

            return TryGet(expectedHash) is { } cached
                ? new ModuleLookup(cached, expectedHash, true, EdgeTaskReasonCode.Ok, string.Empty)
                : Fail(expectedHash, EdgeTaskReasonCode.BadInput, $"module {expectedHash} is not cached; send its bytes");
        }

        if (bytes.Length > _maxModuleBytes)
        {
            return Fail(expectedHash ?? string.Empty, EdgeTaskReasonCode.Malformed, $"the module has {bytes.Length} bytes, more than the limit of {_maxModuleBytes}");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (expectedHash is not null && !string.Equals(expectedHash, hash, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(hash, EdgeTaskReasonCode.Malformed, $"the module bytes hash to {hash}, not the expected {expectedHash}");
        }

        if (TryGet(hash) is { } hit)
        {
            return new ModuleLookup(hit, hash, true, EdgeTaskReasonCode.Ok, string.Empty);
        }

        // The hash was checked above; the compiler hashes again only on a miss, which costs far less than compiling.
        var compiled = ModuleCompiler.Compile(_engine, bytes, _maxModuleBytes, hash);
        return compiled.IsSuccess
            ? new ModuleLookup(Add(compiled.Module!), hash, false, EdgeTaskReasonCode.Ok, string.Empty)
            : Fail(hash, EdgeTaskReasonCode.Malformed, compiled.Message);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var compiled in _recency)
            {
                compiled.Module.Dispose();
            }

            _recency.Clear();
            _byHash.Clear();
        }
    }

    private CompiledModule? TryGet(string hash)
    {
        lock (_lock)
        {
            if (!_byHash.TryGetValue(hash.ToLowerInvariant(), out var node))
            {
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value;
        }
    }

    private CompiledModule Add(CompiledModule compiled)
    {
        lock (_lock)
        {
            // Two workers may compile the same module at once; the first one cached wins.
            if (_byHash.TryGetValue(compiled.Hash, out var existing))
            {
                return existing.Value;
            }

            _byHash[compiled.Hash] = _recency.AddFirst(compiled);
            while (_byHash.Count > _capacity)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _byHash.Remove(last.Value.Hash);
            }

            return compiled;
        }
    }

    private static ModuleLookup Fail(string hash, EdgeTaskReasonCode reason, string message) => new(null, hash, false, reason, message);
}
