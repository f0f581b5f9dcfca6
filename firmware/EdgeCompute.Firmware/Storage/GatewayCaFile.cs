using System.IO;

namespace EdgeCompute.Firmware.Storage;

/// <summary>
/// The gateway's CA certificate on the board's flash (<c>I:\edgecompute-ca.pem</c>, the fleet's <c>ca.pem</c> that
/// <c>edgecompute provision device --ca</c> copies next to the configuration). When the file is there the board
/// connects to the gateway's device broker with TLS and checks its certificate against this CA; without it, plain MQTT
/// (the LAN default; see gateway/README.md, "TLS").
/// </summary>
public static class GatewayCaFile
{
    /// <summary>Where the CA certificate lives on the board.</summary>
    public const string Path = "I:\\edgecompute-ca.pem";

    // A PEM CA certificate is about 1 KB; anything larger is not ours.
    private const int MaxBytes = 8192;

    /// <summary>Reads the CA certificate when the board has one.</summary>
    /// <returns>The PEM bytes, or null for plain MQTT.</returns>
    /// <exception cref="IOException">The file is larger than 8 KB.</exception>
    public static byte[]? LoadOrNull()
    {
        // File.Exists and FileStream(path, FileMode, FileAccess): nanoframework/System.IO.FileSystem
        // System.IO.FileSystem/File.cs, as in DeviceConfigFile.
        if (!File.Exists(Path))
        {
            return null;
        }

        using (var stream = new FileStream(Path, FileMode.Open, FileAccess.Read))
        {
            if (stream.Length > MaxBytes)
            {
                throw new IOException(Path + " is larger than 8192 bytes");
            }

            var bytes = new byte[(int)stream.Length];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = stream.Read(bytes, read, bytes.Length - read);
                if (n <= 0)
                {
                    break;
                }

                read += n;
            }

            return bytes;
        }
    }
}
