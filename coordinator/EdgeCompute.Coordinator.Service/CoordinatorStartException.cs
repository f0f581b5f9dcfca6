namespace EdgeCompute.Coordinator.Service;

/// <summary>
/// The coordinator could not start because of one setting: which one, why (one line, no stack trace), and the exit code
/// (78 when a restart cannot help, 1 when it may). The exception behind it, if any, is the inner exception.
/// </summary>
public sealed class CoordinatorStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="setting">The setting to fix.</param>
    /// <param name="exitCode">The process exit code.</param>
    /// <param name="reason">What is wrong, in one line.</param>
    /// <param name="inner">The exception behind it, if any.</param>
    public CoordinatorStartException(CoordinatorSetting setting, int exitCode, string reason, Exception? inner = null)
        : base(reason, inner)
    {
        Setting = setting;
        ExitCode = exitCode;
    }

    /// <summary>Creates the exception (for serializers and analyzers; use the other constructor).</summary>
    public CoordinatorStartException()
        : this(CoordinatorSetting.FleetFolder, CoordinatorServiceExtensions.ConfigurationErrorExitCode, "the coordinator could not start")
    {
    }

    /// <summary>Creates the exception (for analyzers; use the other constructor).</summary>
    /// <param name="message">The reason.</param>
    public CoordinatorStartException(string message)
        : this(CoordinatorSetting.FleetFolder, CoordinatorServiceExtensions.ConfigurationErrorExitCode, message)
    {
    }

    /// <summary>Creates the exception (for analyzers; use the other constructor).</summary>
    /// <param name="message">The reason.</param>
    /// <param name="innerException">The exception behind it.</param>
    public CoordinatorStartException(string message, Exception innerException)
        : this(CoordinatorSetting.FleetFolder, CoordinatorServiceExtensions.ConfigurationErrorExitCode, message, innerException)
    {
    }

    /// <summary>Gets the setting to fix.</summary>
    public CoordinatorSetting Setting { get; }

    /// <summary>Gets the process exit code: 78 (a restart cannot help) or 1.</summary>
    public int ExitCode { get; }

    /// <summary>Gets the setting's configuration key, such as <c>CoordinatorOptions:DataFolder</c>.</summary>
    public string Key => Setting switch
    {
        CoordinatorSetting.FleetFolder => "CoordinatorService:FleetFolder",
        CoordinatorSetting.DataFolder => "CoordinatorOptions:DataFolder",
        CoordinatorSetting.PostgresConnectionString => "CoordinatorOptions:PostgresConnectionString",
        CoordinatorSetting.Broker => "CoordinatorOptions:Broker",
        CoordinatorSetting.ExternalBroker => "CoordinatorOptions:ExternalBroker",
        CoordinatorSetting.Http => "CoordinatorService:HttpAddress/HttpPort",
        CoordinatorSetting.OperatorTokenFile => "CoordinatorService:OperatorTokenFile",
        CoordinatorSetting.BrokerPasswordFile => "CoordinatorService:BrokerPasswordFile",
        _ => Setting.ToString(),
    };
}
