using System.Text;
using EdgeCompute.Coordinator.Registry;

namespace EdgeCompute.Coordinator.Broker;

/// <summary>
/// Writes the Mosquitto password file and ACL file that enforce the same rules as the embedded broker, from the
/// registry: one user per active gateway (user name = gateway id, its broker password hashed as
/// <see cref="MosquittoPasswordHash"/>), <c>topic write</c> for its <c>up</c>/<c>birth</c>/<c>state</c> and
/// <c>topic read</c> for its <c>ack</c>/<c>task</c>; the coordinator's own user reads every <c>up</c> (also through
/// <c>$share/coordinator/</c>), writes every <c>ack</c>/<c>task</c>, and alone reads and writes <c>ec/v1/c/#</c> (the
/// replicas' node events). Revoked gateways are left out; rewrite the files
/// and signal Mosquitto (SIGHUP) after a change.
/// </summary>
public static class MosquittoConfigWriter
{
    /// <summary>Builds the password file text.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="coordinatorUser">The coordinator's own user name.</param>
    /// <param name="coordinatorPassword">The coordinator's own password.</param>
    /// <returns>The file text, one <c>user:hash</c> line per user.</returns>
    public static string PasswordFile(FleetRegistry registry, string coordinatorUser, string coordinatorPassword)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var text = new StringBuilder();
        text.Append(coordinatorUser).Append(':').Append(MosquittoPasswordHash.Create(coordinatorPassword)).Append('\n');
        foreach (var gateway in registry.Gateways)
        {
            text.Append(gateway.Id).Append(':').Append(MosquittoPasswordHash.Create(gateway.BrokerPassword)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Builds the ACL file text.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="coordinatorUser">The coordinator's own user name.</param>
    /// <returns>The file text.</returns>
    public static string AclFile(FleetRegistry registry, string coordinatorUser)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var text = new StringBuilder();
        text.Append("# written by EdgeCompute from the coordinator registry; do not edit\n");
        text.Append("user ").Append(coordinatorUser).Append('\n')
            .Append("topic read ec/v1/g/+/up\n")
            .Append("topic read ec/v1/g/+/birth\n")
            .Append("topic read ec/v1/g/+/state\n")
            .Append("topic write ec/v1/g/+/ack\n")
            .Append("topic write ec/v1/g/+/task\n")
            .Append("topic readwrite ec/v1/c/#\n\n");
        foreach (var gateway in registry.Gateways)
        {
            text.Append("user ").Append(gateway.Id).Append('\n');
            foreach (var topic in GatewayAccessPolicy.WriteTopics(gateway.Id))
            {
                text.Append("topic write ").Append(topic).Append('\n');
            }

            foreach (var topic in GatewayAccessPolicy.ReadTopics(gateway.Id))
            {
                text.Append("topic read ").Append(topic).Append('\n');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes both files (each through a temporary file and a rename, so Mosquitto never reads half a file).</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="passwordPath">Path of the password file.</param>
    /// <param name="aclPath">Path of the ACL file.</param>
    /// <param name="coordinatorUser">The coordinator's own user name.</param>
    /// <param name="coordinatorPassword">The coordinator's own password.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>A task that completes when both are written.</returns>
    public static async Task WriteAsync(FleetRegistry registry, string passwordPath, string aclPath, string coordinatorUser, string coordinatorPassword,
        CancellationToken cancellationToken = default)
    {
        await WriteAtomicallyAsync(passwordPath, PasswordFile(registry, coordinatorUser, coordinatorPassword), cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(aclPath, AclFile(registry, coordinatorUser), cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
