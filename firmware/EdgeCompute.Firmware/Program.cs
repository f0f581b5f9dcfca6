using System;
using System.Diagnostics;
using System.Threading;
using EdgeCompute.Firmware.Core;
using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Core.Provisioning;
using EdgeCompute.Firmware.Networking;
using EdgeCompute.Firmware.Platform;
using EdgeCompute.Firmware.Sensors;
using EdgeCompute.Firmware.Storage;
using EdgeCompute.Firmware.Transport;

namespace EdgeCompute.Firmware;

/// <summary>
/// The ESP32 node: configuration, Wi-Fi, time, broker, sensor, then the device agent's two loops: sampling on the main
/// thread, and the broker (connecting, publishing, waiting for PUBACKs) on a thread of its own, so a slow or absent
/// broker never delays a sample. Never returns.
/// </summary>
public static class Program
{
    private const int WifiTimeoutMs = 60000;
    private const int TickMs = 100;
    private const int StatusEveryTicks = 600; // one status line a minute

    /// <summary>The entry point.</summary>
    public static void Main()
    {
        Debug.WriteLine("[boot] EdgeCompute firmware " + FirmwareInfo.Version);

        // 1. The device configuration written by 'edgecompute provision device' (I:\edgecompute.cfg).
        DeviceConfig config;
        try
        {
            config = DeviceConfigFile.Load();
        }
        catch (Exception e)
        {
            Halt("[config] " + e.Message);
            return;
        }

        Debug.WriteLine("[config] " + config.DeviceId + " of gateway " + config.GatewayId + " at "
            + config.GatewayHost + ":" + config.GatewayPort.ToString());

        // 2. Wi-Fi with DHCP, and 3. the time: ConnectDhcp(requiresDateTime: true) returns only once SNTP has set
        // the clock, so windows and frame times are right from the first sample.
        while (!WifiConnection.TryConnect(config.WifiSsid, config.WifiPassword, WifiTimeoutMs))
        {
            Thread.Sleep(5000);
        }

        Debug.WriteLine("[wifi] connected to " + config.WifiSsid + ", clock set by SNTP");

        // 4. MQTT to the gateway's device broker, with the will 'offline' on the state topic; with TLS when the board has
        //    the gateway's CA (I:\edgecompute-ca.pem), checked after SNTP set the clock so certificate dates can be judged.
        byte[]? caPem;
        try
        {
            caPem = GatewayCaFile.LoadOrNull();
        }
        catch (Exception e)
        {
            Halt("[tls] " + e.Message);
            return;
        }

        Debug.WriteLine(caPem == null ? "[mqtt] plain MQTT (no " + GatewayCaFile.Path + ")" : "[tls] gateway checked against " + GatewayCaFile.Path);
        var transport = new M2MqttDeviceTransport(config, caPem);
        transport.MaintainConnection();

        // 5. The BME280 on I2C1, pins routed explicitly (Board/BoardPins.cs).
        Bme280SensorArray sensors;
        try
        {
            sensors = Bme280SensorArray.Open();
        }
        catch (Exception e)
        {
            Halt("[bme280] not found at 0x76 on I2C1 (check wiring and SDO to GND): " + e.Message);
            return;
        }

        // 6. The device agent and its loop; the boot counter lives in flash next to the configuration.
        var options = new DeviceAgentOptions
        {
            DeviceId = config.DeviceId,
            Key = config.Key,
            Platform = "esp32",
            CpuMhz = 240,

            // GC.Run(bool compactHeap) returns the free heap in bytes (uint): nanoFramework.Runtime.Native, GC.cs.
            RamBytes = nanoFramework.Runtime.Native.GC.Run(false),
        };
        var bootCounter = new SlottedBootCounter(
            new FlashBootSlots(DeviceConfigFile.BootCounterSlotA, DeviceConfigFile.BootCounterSlotB), FlashBootSlots.ReadLegacy(DeviceConfigFile.LegacyBootCounterPath));
        var agent = new DeviceAgent(options, transport, new SntpDeviceClock(), sensors, bootCounter);
        transport.TaskReceived = agent.OnTaskMessage;
        agent.Start();
        Debug.WriteLine("[agent] boot " + agent.Boot.ToString() + ", free heap " + options.RamBytes.ToString() + " bytes");

        var link = new PublishLoop(agent, transport, TickMs);
        new Thread(link.Run).Start();

        var ticks = 0;
        while (true)
        {
            agent.Sample();
            if (++ticks % StatusEveryTicks == 0)
            {
                // GC.Run(bool compactHeap) returns the free heap in bytes (uint): nanoFramework.Runtime.Native, GC.cs.
                Debug.WriteLine("[agent] readings " + agent.ReadingsProduced.ToString()
                    + ", frames sealed " + agent.FramesSealed.ToString()
                    + ", published " + agent.FramesPublished.ToString()
                    + ", buffered " + agent.BufferedFrames.ToString()
                    + ", dropped " + agent.FramesDropped.ToString()
                    + ", tasks " + agent.TasksAccepted.ToString() + "/" + agent.ResultsPublished.ToString()
                    + ", free heap " + nanoFramework.Runtime.Native.GC.Run(false).ToString());
            }

            Thread.Sleep(TickMs);
        }
    }

    private static void Halt(string message)
    {
        // Nothing sensible to do without configuration or sensor: say why, once a minute, and wait for a reflash.
        while (true)
        {
            Debug.WriteLine(message);
            Thread.Sleep(60000);
        }
    }
}
