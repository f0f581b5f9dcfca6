using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Protocol.Frames;

/// <summary>The kind of body a device frame carries (frame key 4).</summary>
public enum FrameType
{
    /// <summary>A SenML window summary pack (see <see cref="Telemetry.WindowSummaryCodec"/>).</summary>
    WindowSummary = 1,

    /// <summary>Delta-encoded raw samples (see <see cref="Telemetry.RawSamplesCodec"/>).</summary>
    RawSamples = 2,

    /// <summary>A task result (see <see cref="TaskResultCodec"/>); its MAC covers the assignment's hash.</summary>
    Result = 3,

    /// <summary>The device birth (see <see cref="DeviceBirthCodec"/>), always seq 0.</summary>
    Birth = 4,
}
