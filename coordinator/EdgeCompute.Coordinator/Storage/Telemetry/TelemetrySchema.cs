namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>The telemetry tables; the two dialects differ only in column types.</summary>
internal static class TelemetrySchema
{
    /// <summary>SQLite types.</summary>
    public static readonly string Sqlite = Build("INTEGER", "BLOB", "TEXT");

    /// <summary>PostgreSQL types; ids that page compare bytewise (<c>COLLATE "C"</c>), as in SQLite.</summary>
    public static readonly string Postgres = Build("BIGINT", "BYTEA", "TEXT COLLATE \"C\"");

    /// <summary>
    /// The gateway status v2 columns (NULL: the gateway did not report them), added to a file or schema written before
    /// them; a status v1 row keeps NULL there.
    /// </summary>
    public static readonly string[] StatusV2Columns = ["outbox_bytes", "unacked_batches", "outbox_evictions", "uplink_reconnects", "connected_devices"];

    /// <summary>Counts the SQLite <see cref="StatusV2Columns"/> present in <c>gateway_status</c>.</summary>
    public static readonly string CountSqliteStatusV2Columns =
        $"SELECT COUNT(*) FROM pragma_table_info('gateway_status') WHERE name IN ({string.Join(", ", StatusV2Columns.Select(c => $"'{c}'"))})";

    /// <summary>Adds the <see cref="StatusV2Columns"/> to a SQLite file that lacks them (all five came together).</summary>
    public static readonly string AddSqliteStatusV2Columns = string.Concat(StatusV2Columns.Select(c => $"ALTER TABLE gateway_status ADD COLUMN {c} INTEGER; "));

    /// <summary>Adds the <see cref="StatusV2Columns"/> to a PostgreSQL schema that lacks them.</summary>
    public static readonly string AddPostgresStatusV2Columns =
        "ALTER TABLE gateway_status " + string.Join(", ", StatusV2Columns.Select(c => $"ADD COLUMN IF NOT EXISTS {c} BIGINT")) + ";";

    private static string Build(string integer, string blob, string id) => $"""
        CREATE TABLE IF NOT EXISTS telemetry_batches (
            gateway TEXT NOT NULL, boot {integer} NOT NULL, seq {integer} NOT NULL, hash {blob} NOT NULL, received_at_ms {integer} NOT NULL,
            PRIMARY KEY (gateway, boot, seq));
        CREATE TABLE IF NOT EXISTS telemetry_frames (
            device TEXT NOT NULL, boot {integer} NOT NULL, seq {integer} NOT NULL, hash {blob} NOT NULL, type {integer} NOT NULL,
            window_start_ms {integer} NOT NULL, readings {integer} NOT NULL, gateway TEXT NOT NULL, batch_boot {integer} NOT NULL, batch_seq {integer} NOT NULL,
            PRIMARY KEY (device, boot, seq));
        CREATE TABLE IF NOT EXISTS telemetry_points (
            source TEXT NOT NULL, channel TEXT NOT NULL, unit TEXT NOT NULL, exponent {integer} NOT NULL, time_ms {integer} NOT NULL,
            length_ms {integer} NOT NULL, n_readings {integer} NOT NULL, min_value {integer} NOT NULL, max_value {integer} NOT NULL,
            mean_value {integer} NOT NULL, var_value {integer} NOT NULL);
        CREATE INDEX IF NOT EXISTS telemetry_points_query ON telemetry_points (source, channel, time_ms);
        CREATE TABLE IF NOT EXISTS telemetry_gaps (
            gateway TEXT NOT NULL, device TEXT NOT NULL, boot {integer} NOT NULL, first_seq {integer} NOT NULL, last_seq {integer} NOT NULL,
            readings {integer} NOT NULL, batch_seq {integer} NOT NULL);
        CREATE TABLE IF NOT EXISTS device_states (
            gateway TEXT NOT NULL, device TEXT NOT NULL, online {integer} NOT NULL, time_ms {integer} NOT NULL);
        CREATE TABLE IF NOT EXISTS device_nodes (
            device TEXT PRIMARY KEY, gateway TEXT NOT NULL, boot {integer} NOT NULL, birth {blob}, online {integer} NOT NULL, state_time_ms {integer} NOT NULL);
        CREATE TABLE IF NOT EXISTS device_seen (device TEXT PRIMARY KEY, seen_ms {integer} NOT NULL);
        CREATE TABLE IF NOT EXISTS gateway_status (
            gateway TEXT PRIMARY KEY, idle_cpu_permille {integer} NOT NULL, free_memory_bytes {integer} NOT NULL, outbox_depth {integer} NOT NULL,
            time_ms {integer} NOT NULL, outbox_bytes {integer}, unacked_batches {integer}, outbox_evictions {integer}, uplink_reconnects {integer},
            connected_devices {integer});
        CREATE TABLE IF NOT EXISTS device_quality (
            epoch_id {integer} NOT NULL, device {id} NOT NULL, owner TEXT NOT NULL, approved {integer} NOT NULL, submitted {integer} NOT NULL,
            qualified {integer} NOT NULL, duplicate_readings {integer} NOT NULL, range_readings {integer} NOT NULL, stuck_readings {integer} NOT NULL,
            jump_readings {integer} NOT NULL, neighbour_readings {integer} NOT NULL, gap_readings {integer} NOT NULL, PRIMARY KEY (epoch_id, device));
        CREATE INDEX IF NOT EXISTS device_quality_latest ON device_quality (device, epoch_id);
        CREATE TABLE IF NOT EXISTS telemetry_counters (name TEXT PRIMARY KEY, value {integer} NOT NULL);
        CREATE TABLE IF NOT EXISTS device_boot_reuse (
            device TEXT NOT NULL, boot {integer} NOT NULL, gateway TEXT NOT NULL, frames_refused {integer} NOT NULL,
            first_seen_ms {integer} NOT NULL, last_seen_ms {integer} NOT NULL, PRIMARY KEY (device, boot));
        """;
}
