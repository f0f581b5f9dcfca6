namespace EdgeCompute.Gateway.Dispatch;

/// <summary>What the task dispatcher counts (<see cref="TaskDispatcher.Events"/>).</summary>
public enum DispatchEvent
{
    /// <summary>An assignment was published, byte for byte, on the device's task topic.</summary>
    Delivered,

    /// <summary>A task for a device that is not attached to this gateway, handed back (reason 3, refused).</summary>
    ReturnedUnknownDevice,

    /// <summary>A task for an attached device that is offline, handed back (reason 1).</summary>
    ReturnedOffline,

    /// <summary>A task whose kernel the device's birth does not list, or whose assignment names another device, handed back (reason 3).</summary>
    ReturnedNotCapable,

    /// <summary>A task whose deadline passed before its result came back (or before it could be sent), handed back (reason 2).</summary>
    ReturnedDeadlinePassed,

    /// <summary>A task pending on a device that went offline, disconnected or rebooted, handed back for reissue (reason 1).</summary>
    ReturnedDeviceWentOffline,

    /// <summary>A gateway task with no runner configured, handed back (reason 3).</summary>
    ReturnedNoRunner,

    /// <summary>A gateway task the runner refused, handed back (reason 3).</summary>
    ReturnedRunnerRefused,

    /// <summary>A gateway task the runner accepted.</summary>
    GatewayTaskStarted,

    /// <summary>A result frame that matched a pending task (task id, slot and device) and cleared it.</summary>
    ResultReceived,

    /// <summary>A result frame that matched no pending task (late, after a restart, or already handed back); it goes upstream all the same.</summary>
    ResultUnmatched,

    /// <summary>A task already pending (a QoS 1 redelivery of the coordinator's message): not sent twice.</summary>
    DuplicateTask,

    /// <summary>A task whose assignment bytes do not decode: dropped (it cannot even be named to hand it back).</summary>
    MalformedTask,

    /// <summary>A handed-back task the outbox could not store (full or failing); the coordinator's own deadline reissues it.</summary>
    ReturnNotStored,
}
