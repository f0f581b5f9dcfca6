using System;
using EdgeCompute.Firmware.Core.Frames;

namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>The five topics of one device, built once: <c>ec/v1/d/{id}/tel</c>, <c>/res</c>, <c>/birth</c>, <c>/state</c>, <c>/task</c>.</summary>
public sealed class DeviceTopics
{
    /// <summary>Builds the topics of <paramref name="deviceId"/>.</summary>
    /// <param name="deviceId">The device id, <c>[a-z0-9-]{1,32}</c>.</param>
    public DeviceTopics(string deviceId)
    {
        if (!IdRules.IsValidId(deviceId))
        {
            throw new ArgumentException("device id must match [a-z0-9-]{1,32}", nameof(deviceId));
        }

        DeviceId = deviceId;
        var root = "ec/v1/d/" + deviceId + "/";
        Telemetry = root + "tel";
        Result = root + "res";
        Birth = root + "birth";
        State = root + "state";
        Task = root + "task";
    }

    /// <summary>Gets the device id the topics belong to.</summary>
    public string DeviceId { get; }

    /// <summary>Gets the telemetry topic (frames of type 1 and 2).</summary>
    public string Telemetry { get; }

    /// <summary>Gets the result topic (frames of type 3).</summary>
    public string Result { get; }

    /// <summary>Gets the birth topic (frame type 4, retained).</summary>
    public string Birth { get; }

    /// <summary>Gets the state topic (<c>online</c>/<c>offline</c>, retained; also the will's topic).</summary>
    public string State { get; }

    /// <summary>Gets the topic the device subscribes to for task assignments.</summary>
    public string Task { get; }
}
