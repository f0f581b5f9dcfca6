using System.Net;

namespace EdgeCompute.Protocol.Mqtt.Logins;

/// <summary>One login attempt's turn at a <see cref="LoginThrottle"/>; hand it back to <see cref="LoginThrottle.Done"/>.</summary>
/// <param name="Address">The remote address (null: not throttled).</param>
/// <param name="Admitted">Whether to check the credentials; false: too many attempts from the address wait, refuse at once.</param>
/// <param name="Waited">Whether the attempt was made to wait.</param>
public readonly record struct LoginTurn(IPAddress? Address, bool Admitted, bool Waited);
