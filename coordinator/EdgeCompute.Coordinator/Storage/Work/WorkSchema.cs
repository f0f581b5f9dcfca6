using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>
/// The work tables; the two dialects differ only in column types and in how results keep their received order. Enums
/// are stored as their integer values. The constraints carry the safety rules: one job per id, one assignment and one
/// result per (task, slot, node), and the partial unique index <c>results_one_valid</c>: at most one
/// <see cref="ResultVerdict.Valid"/> result per (task, slot), so a slot is credited at most once whatever replica judges it.
/// </summary>
internal static class WorkSchema
{
    /// <summary>The unique index that allows one valid result per (task, slot).</summary>
    public const string OneValidIndex = "results_one_valid";

    /// <summary>The status check of jobs and tasks written before <see cref="JobStatus.Cancelled"/> existed.</summary>
    public const string OldStatusCheck = "CHECK (status IN (1, 2, 3))";

    /// <summary>The status check of jobs and tasks now.</summary>
    public const string StatusCheck = "CHECK (status IN (1, 2, 3, 4))";

    /// <summary>
    /// Widens the status checks of a SQLite file written before cancelled jobs existed, as SQLite's ALTER TABLE page
    /// describes for changing a CHECK constraint: the stored table definitions are rewritten and the schema version bumped,
    /// inside the caller's write transaction. Widening a check leaves every stored row valid. Nothing happens to a new file.
    /// </summary>
    public const string WidenSqliteStatusChecks = $"""
        PRAGMA writable_schema = ON;
        UPDATE sqlite_master SET sql = replace(sql, '{OldStatusCheck}', '{StatusCheck}')
            WHERE type = 'table' AND name IN ('work_jobs', 'work_tasks') AND instr(sql, '{OldStatusCheck}') > 0;
        PRAGMA writable_schema = OFF;
        """;

    /// <summary>Counts the SQLite tables still carrying <see cref="OldStatusCheck"/>.</summary>
    public const string CountOldSqliteStatusChecks =
        $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('work_jobs', 'work_tasks') AND instr(sql, '{OldStatusCheck}') > 0";

    /// <summary>
    /// The same for PostgreSQL: the named checks are replaced when they still allow only three statuses. The definition is
    /// read in the select list, so only for this schema's constraint: in a WHERE clause the planner may call
    /// <c>pg_get_constraintdef</c> on other schemas' rows too, and one being dropped meanwhile fails the open with "could
    /// not open relation with OID" (seen with tests dropping their schemas in parallel).
    /// </summary>
    public const string WidenPostgresStatusChecks = """
        DO $$
        DECLARE t text; def text;
        BEGIN
            FOREACH t IN ARRAY ARRAY['work_jobs', 'work_tasks'] LOOP
                def := NULL;
                SELECT pg_get_constraintdef(c.oid) INTO def FROM pg_constraint c WHERE c.conrelid = to_regclass(t) AND c.conname = t || '_status_check';
                IF def IS NOT NULL AND def NOT LIKE '%4%' THEN
                    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I, ADD CONSTRAINT %I CHECK (status IN (1, 2, 3, 4))', t, t || '_status_check', t || '_status_check');
                END IF;
            END LOOP;
        END $$;
        """;

    /// <summary>The priced job's columns, added to a file or schema written before jobs were priced (their jobs keep NULL: a flat fee).</summary>
    public static readonly string[] PriceColumns = ["price_rate", "price_storage", "charged_units"];

    /// <summary>Counts the SQLite <see cref="PriceColumns"/> present in <c>work_jobs</c>.</summary>
    public const string CountSqlitePriceColumns = "SELECT COUNT(*) FROM pragma_table_info('work_jobs') WHERE name IN ('price_rate', 'price_storage', 'charged_units')";

    /// <summary>Adds the <see cref="PriceColumns"/> to a SQLite file that lacks them (all three came together).</summary>
    public const string AddSqlitePriceColumns =
        "ALTER TABLE work_jobs ADD COLUMN price_rate INTEGER; ALTER TABLE work_jobs ADD COLUMN price_storage INTEGER; ALTER TABLE work_jobs ADD COLUMN charged_units INTEGER;";

    /// <summary>Adds the <see cref="PriceColumns"/> to a PostgreSQL schema that lacks them.</summary>
    public const string AddPostgresPriceColumns =
        "ALTER TABLE work_jobs ADD COLUMN IF NOT EXISTS price_rate BIGINT, ADD COLUMN IF NOT EXISTS price_storage BIGINT, ADD COLUMN IF NOT EXISTS charged_units BIGINT;";

    /// <summary>SQLite types (results keep their received order in the rowid).</summary>
    public static readonly string Sqlite = Build("TEXT", "INTEGER", "BLOB", "REAL", "");

    /// <summary>PostgreSQL types: ids compare bytewise (<c>COLLATE "C"</c>), as in SQLite, so both order alike.</summary>
    public static readonly string Postgres = Build("TEXT COLLATE \"C\"", "BIGINT", "BYTEA", "DOUBLE PRECISION",
        ", received_seq BIGINT GENERATED ALWAYS AS IDENTITY");

    private static string Build(string id, string integer, string blob, string real, string resultSequence) => $"""
        CREATE TABLE IF NOT EXISTS work_jobs (
            job_id {id} PRIMARY KEY, kind TEXT NOT NULL, spec_json TEXT NOT NULL, submitter {id} NOT NULL, fee {integer} NOT NULL,
            status {integer} NOT NULL CHECK (status IN (1, 2, 3, 4)), result_json TEXT, created_ms {integer} NOT NULL, finished_ms {integer},
            detail TEXT NOT NULL, price_rate {integer}, price_storage {integer}, charged_units {integer});
        CREATE INDEX IF NOT EXISTS work_jobs_created ON work_jobs (created_ms, job_id);
        CREATE INDEX IF NOT EXISTS work_jobs_finished ON work_jobs (finished_ms) WHERE status = 2;
        CREATE INDEX IF NOT EXISTS work_jobs_ended ON work_jobs (finished_ms) WHERE status IN (2, 3, 4);
        CREATE TABLE IF NOT EXISTS work_tasks (
            task_id {id} PRIMARY KEY, job_id {id} NOT NULL REFERENCES work_jobs (job_id), idx {integer} NOT NULL, kernel TEXT NOT NULL,
            parameters {blob} NOT NULL, status {integer} NOT NULL CHECK (status IN (1, 2, 3, 4)), output {blob}, verified_ms {integer},
            attempts {integer} NOT NULL CHECK (attempts >= 0),
            UNIQUE (job_id, idx));
        CREATE INDEX IF NOT EXISTS work_tasks_open ON work_tasks (job_id, idx) WHERE status = 1;
        CREATE TABLE IF NOT EXISTS work_assignments (
            task_id {id} NOT NULL REFERENCES work_tasks (task_id), slot {integer} NOT NULL, node_id {id} NOT NULL, gateway_id {id} NOT NULL,
            owner {id} NOT NULL, assignment {blob} NOT NULL, issued_ms {integer} NOT NULL, deadline_ms {integer} NOT NULL,
            state {integer} NOT NULL CHECK (state IN (1, 2, 3, 4)),
            PRIMARY KEY (task_id, slot, node_id));
        CREATE INDEX IF NOT EXISTS work_assignments_overdue ON work_assignments (deadline_ms) WHERE state = 1;
        CREATE TABLE IF NOT EXISTS work_results (
            task_id {id} NOT NULL REFERENCES work_tasks (task_id), slot {integer} NOT NULL, node_id {id} NOT NULL, gateway_id {id} NOT NULL,
            owner {id} NOT NULL, body {blob} NOT NULL, received_ms {integer} NOT NULL, verdict {integer} NOT NULL CHECK (verdict IN (1, 2, 3, 4)),
            reason TEXT NOT NULL, cost_units {integer} NOT NULL, verified_ms {integer}{resultSequence},
            PRIMARY KEY (task_id, slot, node_id));
        CREATE UNIQUE INDEX IF NOT EXISTS {OneValidIndex} ON work_results (task_id, slot) WHERE verdict = 2;
        CREATE INDEX IF NOT EXISTS work_results_credits ON work_results (verified_ms) WHERE verdict = 2;
        CREATE TABLE IF NOT EXISTS work_task_blobs (
            sha256 {id} NOT NULL, task_id {id} NOT NULL REFERENCES work_tasks (task_id), PRIMARY KEY (sha256, task_id));
        CREATE INDEX IF NOT EXISTS work_assignments_gateway_open ON work_assignments (task_id, gateway_id) WHERE state = 1;
        CREATE TABLE IF NOT EXISTS work_reputations (
            node_id {id} PRIMARY KEY, alpha {real} NOT NULL, beta {real} NOT NULL, updated_ms {integer} NOT NULL,
            valid_run {integer} NOT NULL, trusted {integer} NOT NULL CHECK (trusted IN (0, 1)));
        CREATE TABLE IF NOT EXISTS work_colluding_pairs (
            first_node {id} NOT NULL, second_node {id} NOT NULL, task_id {id} NOT NULL, detected_ms {integer} NOT NULL,
            PRIMARY KEY (first_node, second_node));
        """;
}
