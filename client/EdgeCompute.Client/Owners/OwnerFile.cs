using System.Text.Encodings.Web;
using System.Text.Json;

namespace EdgeCompute.Client.Owners;

/// <summary>
/// What an owner is handed at provisioning (<c>owners/&lt;id&gt;.json</c>, written by <c>edgecompute provision fleet</c>):
/// the owner's id and API token, the coordinator's API address, and the coordinator's public key, pinned here so that
/// the owner checks statements and proofs with it rather than with a key taken from the coordinator's own answers.
/// </summary>
/// <param name="OwnerId">The owner.</param>
/// <param name="ApiToken">The owner's API token (a secret: the file is readable by its owner only).</param>
/// <param name="Api">The coordinator's HTTP API address.</param>
/// <param name="CoordinatorPublicKey">The coordinator's statement-signing public key (SubjectPublicKeyInfo, base64).</param>
public sealed record OwnerFile(string OwnerId, string ApiToken, Uri Api, string CoordinatorPublicKey)
{
    /// <summary>The folder of a provisioned fleet that holds one file per owner.</summary>
    public const string FolderName = "owners";

    // Relaxed escaping keeps the base64 key readable ('+' as is): the file is read by programs and people, never embedded in HTML.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The owner file.</returns>
    /// <exception cref="IOException">It cannot be read.</exception>
    /// <exception cref="FormatException">It is not an owner file (a member missing or malformed).</exception>
    public static OwnerFile Read(string path)
    {
        var text = File.ReadAllText(path);
        OwnerFile? file;
        try
        {
            file = JsonSerializer.Deserialize<OwnerFile>(text, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path} is not an owner file: {e.Message}", e);
        }

        if (file is null || string.IsNullOrEmpty(file.OwnerId) || string.IsNullOrEmpty(file.ApiToken) || file.Api is null || string.IsNullOrEmpty(file.CoordinatorPublicKey))
        {
            throw new FormatException($"{path} is not an owner file: it needs ownerId, apiToken, api and coordinatorPublicKey");
        }

        return file;
    }

    /// <summary>Writes the file (the caller restricts its access).</summary>
    /// <param name="path">The file.</param>
    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
