using System.IO;
using EdgeCompute.Firmware.Core.Provisioning;

namespace EdgeCompute.Firmware.Storage;

/// <summary>
/// Loads the file written by <c>edgecompute provision device</c> from the board's internal flash storage (drive
/// <c>I:</c> on the ESP32 image, put there with <c>nanoff --filedeployment</c>; see firmware/README.md).
/// </summary>
public static class DeviceConfigFile
{
    /// <summary>Where the configuration lives on the board.</summary>
    public const string Path = "I:\\edgecompute.cfg";

    /// <summary>The boot counter's first slot (<see cref="FlashBootSlots"/>).</summary>
    public const string BootCounterSlotA = "I:\\edgecompute-boot-a.bin";

    /// <summary>The boot counter's second slot.</summary>
    public const string BootCounterSlotB = "I:\\edgecompute-boot-b.bin";

    /// <summary>Where firmware before the two slots kept the boot counter (read once as a lower bound).</summary>
    public const string LegacyBootCounterPath = "I:\\edgecompute-boot.bin";

    // The provisioning file is a few hundred bytes; anything larger is not ours.
    private const int MaxBytes = 4096;

    /// <summary>Reads and parses the configuration.</summary>
    /// <returns>The validated configuration.</returns>
    /// <exception cref="IOException">The file is missing or too large.</exception>
    /// <exception cref="System.FormatException">A line or value is invalid (the message names the key).</exception>
    public static DeviceConfig Load()
    {
        // File.Exists and FileStream(path, FileMode, FileAccess): nanoframework/System.IO.FileSystem
        // System.IO.FileSystem/File.cs; Length/Read are System.IO.Stream's (nanoframework/System.IO.Streams).
        if (!File.Exists(Path))
        {
            throw new IOException("no " + Path + ": deploy the file from 'edgecompute provision device'");
        }

        byte[] bytes;
        using (var stream = new FileStream(Path, FileMode.Open, FileAccess.Read))
        {
            if (stream.Length > MaxBytes)
            {
                throw new IOException(Path + " is larger than 4096 bytes");
            }

            bytes = new byte[(int)stream.Length];
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
        }

        // The format is printable ASCII (DeviceConfig.Parse rejects anything else), so a byte is a char and
        // System.Text.Encoding is not needed.
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = (char)bytes[i];
        }

        return DeviceConfig.Parse(new string(chars));
    }
}
