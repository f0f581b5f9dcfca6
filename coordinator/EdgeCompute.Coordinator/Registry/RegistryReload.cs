namespace EdgeCompute.Coordinator.Registry;

/// <summary>What one check of the registry file did.</summary>
public enum RegistryReload
{
    /// <summary>The file has not changed since the last check.</summary>
    Unchanged,

    /// <summary>The file changed and the registry now holds its contents.</summary>
    Reloaded,

    /// <summary>The file changed but could not be read or is invalid; the registry keeps what it had (logged, counted).</summary>
    Rejected,
}
