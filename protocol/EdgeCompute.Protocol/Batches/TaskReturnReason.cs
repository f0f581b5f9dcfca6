namespace EdgeCompute.Protocol.Batches;

/// <summary>Why a gateway handed a task back for reissue.</summary>
public enum TaskReturnReason
{
    /// <summary>1: the device is offline.</summary>
    DeviceOffline = 1,

    /// <summary>2: the deadline passed.</summary>
    DeadlinePassed = 2,

    /// <summary>3: the device refused it.</summary>
    DeviceRefused = 3,
}
