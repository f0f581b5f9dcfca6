namespace EdgeCompute.Gateway.DeviceBroker;

/// <summary>Whether a device may connect, and if not, why.</summary>
public enum ConnectDecision
{
    /// <summary>Known device, correct credential.</summary>
    Accepted,

    /// <summary>The client id is not a device of this gateway (CONNACK <c>ClientIdentifierNotValid</c>).</summary>
    UnknownDevice,

    /// <summary>The user name is not the client id, or the credential is wrong (CONNACK <c>BadUserNameOrPassword</c>).</summary>
    BadCredential,
}
