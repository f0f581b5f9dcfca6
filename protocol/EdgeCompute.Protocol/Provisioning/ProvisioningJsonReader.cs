using System.Security.Cryptography;
using System.Text.Json;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Security;

namespace EdgeCompute.Protocol.Provisioning;

/// <summary>Reads fields of a provisioning file, failing with a <see cref="ProvisioningException"/> that names the file and field.</summary>
internal sealed class ProvisioningJsonReader(string filePath)
{
    public string FilePath { get; } = filePath;

    public ProvisioningException Fail(string field, string problem, Exception? inner = null) => new(FilePath, field, problem, inner);

    public JsonElement Get(JsonElement obj, string name, string path, JsonValueKind kind)
    {
        var field = Join(path, name);
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw Fail(path.Length == 0 ? "$" : path, "expected a JSON object");
        }

        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Fail(field, "is missing");
        }

        var matches = value.ValueKind == kind || (kind == JsonValueKind.True && value.ValueKind == JsonValueKind.False);
        return matches ? value : throw Fail(field, $"expected {Describe(kind)}, found {Describe(value.ValueKind)}");
    }

    public string String(JsonElement obj, string name, string path)
    {
        var value = Get(obj, name, path, JsonValueKind.String).GetString()!;
        return value.Trim().Length > 0 ? value : throw Fail(Join(path, name), "must not be empty");
    }

    public bool Bool(JsonElement obj, string name, string path) => Get(obj, name, path, JsonValueKind.True).GetBoolean();

    public int Port(JsonElement obj, string name, string path, int? fallback)
    {
        if (fallback is { } value && (!obj.TryGetProperty(name, out var present) || present.ValueKind == JsonValueKind.Null))
        {
            return value;
        }

        var element = Get(obj, name, path, JsonValueKind.Number);
        return element.TryGetInt32(out var port) && port is >= 1 and <= 65535 ? port : throw Fail(Join(path, name), $"{element} is not a port 1..65535");
    }

    public string Id(JsonElement obj, string name, string path)
    {
        var id = Get(obj, name, path, JsonValueKind.String).GetString()!;
        return ProtocolId.IsValid(id) ? id : throw Fail(Join(path, name), ProtocolId.Describe(id, "id"));
    }

    /// <summary>32 bytes as 64 lowercase hex characters.</summary>
    public string Hex32(JsonElement obj, string name, string path)
    {
        var hex = Get(obj, name, path, JsonValueKind.String).GetString()!;
        return hex.Length == 64 && hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'))
            ? hex
            : throw Fail(Join(path, name), "must be 32 bytes as 64 lowercase hex characters");
    }

    public string PrivateKey(JsonElement obj, string name, string path)
    {
        var text = Get(obj, name, path, JsonValueKind.String).GetString()!;
        try
        {
            using var key = P256Keys.ImportPrivateKey(text);
            return text;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw Fail(Join(path, name), "is not a base64 PKCS#8 P-256 private key", e);
        }
    }

    public string PublicKey(JsonElement obj, string name, string path)
    {
        var text = Get(obj, name, path, JsonValueKind.String).GetString()!;
        try
        {
            using var key = P256Keys.ImportPublicKey(text);
            return text;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw Fail(Join(path, name), "is not a base64 SubjectPublicKeyInfo P-256 public key", e);
        }
    }

    /// <summary>Checks that a private key's public half equals the stored public key.</summary>
    public void RequirePair(string privateKey, string publicKey, string field)
    {
        using var key = P256Keys.ImportPrivateKey(privateKey);
        if (P256Keys.ExportPublicKey(key) != publicKey)
        {
            throw Fail(field, "does not match the private key");
        }
    }

    public T[] Array<T>(JsonElement obj, string name, string path, Func<JsonElement, string, T> item)
    {
        var array = Get(obj, name, path, JsonValueKind.Array);
        var field = Join(path, name);
        return array.EnumerateArray().Select((element, i) => item(element, $"{field}[{i}]")).ToArray();
    }

    public void RequireUnique(IEnumerable<string> ids, string field)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!seen.Add(id))
            {
                throw Fail(field, $"id \"{id}\" appears twice");
            }
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
