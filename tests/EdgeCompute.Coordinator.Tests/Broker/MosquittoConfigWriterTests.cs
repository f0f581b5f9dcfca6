using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Coordinator.Tests.Broker;

public sealed class MosquittoConfigWriterTests
{
    [Fact]
    public void Hash_has_the_mosquitto_passwd_2_format_and_verifies()
    {
        var hash = MosquittoPasswordHash.Create("secret");
        var parts = hash.Split('$');

        Assert.Equal(5, parts.Length);
        Assert.Equal(("", "7", "101"), (parts[0], parts[1], parts[2]));
        Assert.Equal(12, Convert.FromBase64String(parts[3]).Length);
        Assert.Equal(64, Convert.FromBase64String(parts[4]).Length);
        Assert.True(MosquittoPasswordHash.Verify("secret", hash));
        Assert.False(MosquittoPasswordHash.Verify("Secret", hash));
    }

    [Fact]
    public void Matches_a_known_PBKDF2_SHA512_vector()
    {
        // PBKDF2-HMAC-SHA512("password", "salt", 1 iteration), RFC 6070-style vector, first 64 bytes.
        var hash = MosquittoPasswordHash.Create("password", "salt"u8, 1);
        var expected = Convert.FromHexString("867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce");
        Assert.Equal(expected, Convert.FromBase64String(hash.Split('$')[4]));
    }

    [Fact]
    public async Task Writes_well_formed_password_and_acl_files_with_every_gateway()
    {
        var fleet = FleetProvisioner.Create(new FleetSpec(2, 3, 6));
        var registry = new FleetRegistry(fleet.Coordinator);
        var folder = Directory.CreateTempSubdirectory("edgecompute-mosquitto-");
        try
        {
            var passwords = Path.Combine(folder.FullName, "passwd");
            var acl = Path.Combine(folder.FullName, "acl");
            await MosquittoConfigWriter.WriteAsync(registry, passwords, acl, "coordinator", "c0ord", TestContext.Current.CancellationToken);

            var users = (await File.ReadAllLinesAsync(passwords, TestContext.Current.CancellationToken)).Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1]);
            Assert.True(MosquittoPasswordHash.Verify("c0ord", users["coordinator"]));
            foreach (var gateway in fleet.Coordinator.Gateways)
            {
                Assert.True(MosquittoPasswordHash.Verify(gateway.BrokerPassword, users[gateway.Id]));
            }

            var text = await File.ReadAllTextAsync(acl, TestContext.Current.CancellationToken);
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
            {
                Assert.Matches(@"^(user [a-z0-9-]{1,32}|topic (read|write) ec/v1/g/[a-z0-9+-]+/(up|birth|state|ack|task)|topic readwrite ec/v1/c/#)$", line);
            }

            // ec/v1/c/# (the replicas' node events) belongs to the coordinator's user alone
            Assert.Single(text.Split('\n'), l => l.StartsWith("topic readwrite", StringComparison.Ordinal));
            Assert.Contains("user coordinator\ntopic read ec/v1/g/+/up\n", text, StringComparison.Ordinal);
            Assert.Matches(@"user coordinator\n(topic [a-z]+ [^\n]+\n)*topic readwrite ec/v1/c/#\n\n", text);

            foreach (var gateway in fleet.Coordinator.Gateways)
            {
                var id = gateway.Id;
                Assert.Contains($"user {id}\ntopic write ec/v1/g/{id}/up\ntopic write ec/v1/g/{id}/birth\ntopic write ec/v1/g/{id}/state\n" +
                    $"topic read ec/v1/g/{id}/ack\ntopic read ec/v1/g/{id}/task\n", text, StringComparison.Ordinal);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
