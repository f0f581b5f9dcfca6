using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Coordinator.Tests.Ingest;

/// <summary>Birth frames and node-directory descriptions shared by the node-event tests.</summary>
internal static class NodeFrames
{
    /// <summary>The device's birth frame (seq 0), sealed with its key.</summary>
    public static byte[] BirthFrame(DeviceRecord device, uint boot, DeviceBirth birth) =>
        DeviceFrameCodec.Encode(DeviceFrameMac.Seal(device.GetKey(), device.Id, boot, 0, FrameType.Birth, DeviceBirthCodec.Encode(birth)));

    /// <summary>The directory as the scheduler sees it, one line per node (devices only when <paramref name="devicesOnly"/>).</summary>
    public static string Describe(NodeDirectory directory, bool devicesOnly = false) => string.Join("; ", directory.Snapshot().Where(n => !devicesOnly || !n.IsGateway).Select(n =>
        $"{n.NodeId} gw={n.GatewayId} online={n.Online} kernels={string.Join(',', n.Kernels.Order(StringComparer.Ordinal))} cap={n.Capacity} geo={n.Geohash}"));
}
