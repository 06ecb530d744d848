using System.Diagnostics;
using System.Globalization;

namespace Instrumentation.Sinks.Sqlite.Tests;

/// <summary>A process killed with SIGKILL while writing leaves a database that opens, is intact, and lost at most the last unflushed write.</summary>
public sealed class CrashTests : IDisposable
{
    private const int PerWrite = 1000;
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task A_process_killed_while_writing_leaves_an_intact_database_missing_at_most_the_last_write()
    {
        string crasher = Path.Combine(AppContext.BaseDirectory, "Instrumentation.Sinks.Sqlite.Crasher.dll");
        var start = new ProcessStartInfo("dotnet", [crasher, _db.Path, PerWrite.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process child = Process.Start(start)!;
        long committed = 0;
        var deadline = Stopwatch.StartNew();
        while (committed < 40 * PerWrite && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            string? line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (line is null)
            {
                Assert.Fail("The child stopped early: " + await child.StandardError.ReadToEndAsync());
            }

            committed = long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
        }

        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();
        Assert.True(committed >= 40 * PerWrite, "the child wrote too slowly to test");

        // The child ran ahead of what was read: the last line it printed before SIGKILL is what it had committed.
        foreach (string line in (await child.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            committed = long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
        }

        Assert.Equal("ok", (string)_db.Rows("PRAGMA integrity_check")[0][0]!);
        long stored = _db.Scalar("SELECT coalesce(sum(occurrences), 0) FROM rollup_minute");
        Assert.InRange(stored, committed, committed + PerWrite);
        Assert.Equal(0, stored % PerWrite);
    }
}
