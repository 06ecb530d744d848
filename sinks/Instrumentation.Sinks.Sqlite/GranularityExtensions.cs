using Instrumentation.History;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>Table names and bucket arithmetic of each <see cref="Granularity"/>.</summary>
internal static class GranularityExtensions
{
    public static string Table(this Granularity granularity) => granularity switch
    {
        Granularity.Minute => "rollup_minute",
        Granularity.Hour => "rollup_hour",
        _ => "rollup_day",
    };

    public static long Seconds(this Granularity granularity) => granularity switch
    {
        Granularity.Minute => 60,
        Granularity.Hour => 3600,
        _ => 86_400,
    };

    /// <summary>The start (unix seconds) of the bucket that holds <paramref name="unixSeconds"/>.</summary>
    public static long BucketOf(this Granularity granularity, long unixSeconds) =>
        unixSeconds - (((unixSeconds % granularity.Seconds()) + granularity.Seconds()) % granularity.Seconds());
}
