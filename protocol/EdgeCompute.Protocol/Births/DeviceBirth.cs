namespace EdgeCompute.Protocol.Births;

/// <summary>The body of a device birth frame (type 4, seq 0, retained): the device's capabilities.</summary>
/// <param name="FirmwareVersion">Key 1: the firmware version.</param>
/// <param name="Platform">Key 2: the platform (<c>esp32</c>, <c>sim</c>, …).</param>
/// <param name="Kernels">Key 3: the kernels it can run.</param>
/// <param name="RamBytes">Key 4: RAM in bytes.</param>
/// <param name="CpuMhz">Key 5: CPU clock in MHz.</param>
/// <param name="Sensors">Key 6: its sensor channels.</param>
public sealed record DeviceBirth(string FirmwareVersion, string Platform, IReadOnlyList<string> Kernels, ulong RamBytes, uint CpuMhz, IReadOnlyList<SensorDescriptor> Sensors);
