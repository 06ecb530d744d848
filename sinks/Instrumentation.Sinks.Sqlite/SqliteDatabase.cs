using Microsoft.Data.Sqlite;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>Opens connections to the history file: WAL, a busy timeout, the <c>merge_buckets</c> function, the schema migrated.</summary>
internal sealed class SqliteDatabase
{
    private readonly string _connectionString;

    private SqliteDatabase(string path, TimeSpan busyTimeout)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
    }

    public string Path { get; }

    /// <summary>
    /// Creates or migrates the file at <paramref name="path"/>. A file that is not a database, a folder
    /// that cannot be written or a schema newer than this version is one clear error, here, at start-up.
    /// </summary>
    public static SqliteDatabase Open(string path, TimeSpan busyTimeout)
    {
        string fullPath = System.IO.Path.GetFullPath(path);
        var database = new SqliteDatabase(fullPath, busyTimeout);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
            using SqliteConnection connection = database.Connect();
            Migrate(connection);
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"The Instrumentation history file '{fullPath}' cannot be used: {exception.Message.TrimEnd('.')}. " +
                "Fix its permissions, move the file aside, or set Instrumentation:Sqlite:Path to another file.",
                exception);
        }

        return database;
    }

    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        connection.CreateFunction<byte[]?, byte[]?, byte[]?>("merge_buckets", BucketBlob.Merge, isDeterministic: true);
        connection.CreateAggregate<byte[]?, long[]?, byte[]?>("sum_buckets", null, BucketBlob.AddInto, BucketBlob.FromDense, isDeterministic: true);
        using SqliteCommand pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    private static void Migrate(SqliteConnection connection)
    {
        using SqliteTransaction transaction = connection.BeginTransaction();
        using SqliteCommand version = connection.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = "PRAGMA user_version;";
        int current = Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (current > SqliteMigrations.Latest)
        {
            throw new InvalidOperationException($"schema version {current} is newer than this Instrumentation.Sinks.Sqlite understands ({SqliteMigrations.Latest}); upgrade the package");
        }

        for (int next = current + 1; next <= SqliteMigrations.Latest; next++)
        {
            using SqliteCommand migration = connection.CreateCommand();
            migration.Transaction = transaction;
            migration.CommandText = SqliteMigrations.All[next - 1] + $"\nPRAGMA user_version = {next};";
            migration.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
