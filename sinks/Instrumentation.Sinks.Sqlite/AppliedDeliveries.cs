using Microsoft.Data.Sqlite;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// The delivery ids already written, stored in the transaction that writes their rows: a retry of a delivery whose
/// commit succeeded but whose caller saw a failure is recognised and skipped, so nothing counts twice. Ids are kept
/// a day (retries come within <c>MaxRetryDelay</c>), then forgotten by the rollup job.
/// </summary>
internal static class AppliedDeliveries
{
    public static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    /// <summary>Records <paramref name="deliveryId"/>; whether it was new (and its rows are to be written).</summary>
    public static bool TryRecord(SqliteConnection connection, SqliteTransaction transaction, Guid deliveryId, long nowSeconds)
    {
        using SqliteCommand insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO applied_delivery (id, applied_at) VALUES ($id, $at) ON CONFLICT (id) DO NOTHING;";
        insert.Parameters.AddWithValue("$id", deliveryId.ToByteArray());
        insert.Parameters.AddWithValue("$at", nowSeconds);
        return insert.ExecuteNonQuery() == 1;
    }

    /// <summary>Forgets the ids applied before <paramref name="beforeSeconds"/>; returns how many.</summary>
    public static int Forget(SqliteConnection connection, SqliteTransaction transaction, long beforeSeconds)
    {
        using SqliteCommand delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM applied_delivery WHERE applied_at < $before;";
        delete.Parameters.AddWithValue("$before", beforeSeconds);
        return delete.ExecuteNonQuery();
    }
}
