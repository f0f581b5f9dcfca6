using EdgeCompute.Client.Owners;

namespace EdgeCompute.Client.Tests.Owners;

public sealed class OwnerFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgecompute-owner-").FullName;

    [Fact]
    public void Round_trips()
    {
        var path = Path.Combine(_folder, "owner-01.json");
        var file = new OwnerFile("owner-01", new string('a', 64), new Uri("http://127.0.0.1:8080"), "MFkwEwYHKoZIzj0CAQ==");

        file.Write(path);

        Assert.Equal(file, OwnerFile.Read(path));
    }

    [Fact]
    public void A_file_without_the_key_is_refused_naming_what_it_needs()
    {
        var path = Path.Combine(_folder, "broken.json");
        File.WriteAllText(path, """{"ownerId":"owner-01","apiToken":"x","api":"http://127.0.0.1:8080"}""");

        var e = Assert.Throws<FormatException>(() => OwnerFile.Read(path));

        Assert.Contains("coordinatorPublicKey", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
