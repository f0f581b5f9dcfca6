using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Kernels;

namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>
/// The working buffers an agent needs only while it seals a frame or runs a task: a frame body, a sealed frame, the
/// task kernels and their output (about 24 KB). A board gives each agent its own (the default); a process that runs
/// many agents, such as the simulator, may share one between agents that never sample, start or tick at the same time.
/// </summary>
/// <remarks>Nothing an agent keeps between calls lives here: sealed frames go to the ring, the birth to its own copy.</remarks>
public sealed class AgentScratch
{
    /// <summary>Allocates the buffers.</summary>
    public AgentScratch()
    {
        BodyBuffer = new byte[ProtocolLimits.MaxFrameBody];
        Body = new CborEncoder(BodyBuffer);
        FrameBuffer = new byte[ProtocolLimits.MaxDevicePayload];
        Frame = new CborEncoder(FrameBuffer);
        Runner = new TaskRunner();
        KernelOutput = new KernelOutput();
    }

    /// <summary>Gets the buffer a frame's body is written into before it is sealed.</summary>
    internal byte[] BodyBuffer { get; }

    /// <summary>Gets the encoder over <see cref="BodyBuffer"/>.</summary>
    internal CborEncoder Body { get; }

    /// <summary>Gets the buffer a frame is sealed into before it goes to the ring.</summary>
    internal byte[] FrameBuffer { get; }

    /// <summary>Gets the encoder over <see cref="FrameBuffer"/>.</summary>
    internal CborEncoder Frame { get; }

    /// <summary>Gets the task kernels and their working buffers.</summary>
    internal TaskRunner Runner { get; }

    /// <summary>Gets the kernel output a task writes.</summary>
    internal KernelOutput KernelOutput { get; }
}
