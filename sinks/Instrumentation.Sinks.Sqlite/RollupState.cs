using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// The watermark of the rollup job: every minute before it has been added into the hour and day tables.
/// Read and moved inside the same transactions that write rows, so nothing is added twice or missed.
/// </summary>
internal static class RollupState
{
    private const string MinutesRolledUpTo = "minutes_rolled_up_to";

    public static long? Read(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM rollup_state WHERE name = $name;";
        command.Parameters.AddWithValue("$name", MinutesRolledUpTo);
        return command.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
    }

    public static void Write(SqliteConnection connection, SqliteTransaction transaction, long minute)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO rollup_state (name, value) VALUES ($name, $value) ON CONFLICT (name) DO UPDATE SET value = excluded.value;";
        command.Parameters.AddWithValue("$name", MinutesRolledUpTo);
        command.Parameters.AddWithValue("$value", minute);
        command.ExecuteNonQuery();
    }
}
