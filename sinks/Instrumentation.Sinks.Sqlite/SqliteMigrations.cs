namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// The schema, as numbered migrations. <c>PRAGMA user_version</c> records the last one applied; each
/// start applies the missing ones in one transaction, so running it again does nothing.
/// </summary>
internal static class SqliteMigrations
{
    private const string RollupColumns = """
        series_id INTEGER NOT NULL REFERENCES series(id),
        bucket INTEGER NOT NULL,
        c0 INTEGER NOT NULL DEFAULT 0,
        c1 INTEGER NOT NULL DEFAULT 0,
        c2 INTEGER NOT NULL DEFAULT 0,
        duration_sum INTEGER NOT NULL DEFAULT 0,
        buckets BLOB,
        value INTEGER,
        PRIMARY KEY (series_id, bucket)
        """;

    /// <summary>Migration n (1-based) is <c>All[n - 1]</c>. Append; never edit one that shipped.</summary>
    public static readonly string[] All =
    [
        $"""
        CREATE TABLE series (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            metric TEXT NOT NULL,
            kind TEXT NOT NULL,
            tags TEXT NOT NULL,
            has_duration INTEGER NOT NULL,
            token_lifetime_seconds INTEGER NOT NULL);
        CREATE TABLE rollup_minute ({RollupColumns}) WITHOUT ROWID;
        CREATE TABLE rollup_hour ({RollupColumns}) WITHOUT ROWID;
        CREATE TABLE rollup_day ({RollupColumns}) WITHOUT ROWID;
        CREATE INDEX rollup_minute_bucket ON rollup_minute (bucket);
        CREATE INDEX rollup_hour_bucket ON rollup_hour (bucket);
        CREATE INDEX rollup_day_bucket ON rollup_day (bucket);
        CREATE TABLE rollup_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """,
        NamedFieldColumns(),
        "CREATE TABLE applied_delivery (id BLOB PRIMARY KEY, applied_at INTEGER NOT NULL) WITHOUT ROWID;",
        // Migration 4: when a row's value was read (Unix milliseconds), so a late reading never replaces a newer one.
        """
        ALTER TABLE rollup_minute ADD COLUMN value_at INTEGER;
        ALTER TABLE rollup_hour ADD COLUMN value_at INTEGER;
        ALTER TABLE rollup_day ADD COLUMN value_at INTEGER;
        """,
        UsageColumns(),
        // Migration 6: usage calls recorded without a cost because their model had no price.
        """
        ALTER TABLE rollup_minute ADD COLUMN unpriced INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE rollup_hour ADD COLUMN unpriced INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE rollup_day ADD COLUMN unpriced INTEGER NOT NULL DEFAULT 0;
        """,
    ];

    public static int Latest => All.Length;

    /// <summary>Migration 5: the fields usage series add (tokens in and out, cost, rejected amounts).</summary>
    private static string UsageColumns() => string.Concat(
        from table in new[] { "rollup_minute", "rollup_hour", "rollup_day" }
        from column in new[] { "inputTokens", "outputTokens", "costMicros", "rejected" }
        select $"ALTER TABLE {table} ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0;\n");

    /// <summary>
    /// Migration 2: the positional counters c0, c1, c2 become columns named after the fields of each kind (see
    /// FieldColumns), their values moved by the series' kind, then the positional ones dropped.
    /// </summary>
    private static string NamedFieldColumns()
    {
        string[] added = ["calls", "failures", "issued", "revoked", "hits", "misses", "evictions", "occurrences", "valueSum"];
        (string Kind, string Assignments)[] moves =
        [
            ("endpoint", "calls = c0, failures = c1"),
            ("token", "issued = c0, revoked = c1"),
            ("cache", "hits = c0, misses = c1, evictions = c2"),
            ("event", "occurrences = c0"),
        ];
        var sql = new System.Text.StringBuilder();
        foreach (string table in new[] { "rollup_minute", "rollup_hour", "rollup_day" })
        {
            foreach (string column in added)
            {
                sql.AppendLine($"ALTER TABLE {table} ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0;");
            }

            foreach ((string kind, string assignments) in moves)
            {
                sql.AppendLine($"UPDATE {table} SET {assignments} WHERE series_id IN (SELECT id FROM series WHERE kind = '{kind}');");
            }

            foreach (string column in new[] { "c0", "c1", "c2" })
            {
                sql.AppendLine($"ALTER TABLE {table} DROP COLUMN {column};");
            }
        }

        return sql.ToString();
    }
}
