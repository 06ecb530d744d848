using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Instrumentation.Hosting.Tests;

/// <summary>A real worker process stopped the way containers and systemd stop it: SIGTERM, then a graceful stop.</summary>
public sealed class SigtermTests
{
    [Fact]
    public async Task A_worker_process_sent_SIGTERM_while_recording_writes_every_recorded_event_to_sqlite()
    {
        string folder = Directory.CreateTempSubdirectory("instrumentation-sigterm-").FullName;
        try
        {
            string path = Path.Combine(folder, "history.db");
            string worker = Path.Combine(AppContext.BaseDirectory, "Instrumentation.Hosting.Worker.dll");
            var start = new ProcessStartInfo("dotnet", [worker, path])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process child = Process.Start(start)!;
            try
            {
                await StopWithSigtermAfterAsync(child, path, recordedAtLeast: 2_000);
            }
            finally
            {
                if (!child.HasExited)
                {
                    child.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task StopWithSigtermAfterAsync(Process child, string path, long recordedAtLeast)
    {
        Task<string> errors = child.StandardError.ReadToEndAsync();
        long recorded = 0;
        while (recorded < recordedAtLeast)
        {
            string? line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (line is null)
            {
                Assert.Fail("The worker stopped early: " + await errors);
            }

            recorded = RecordedIn(line) ?? recorded;
        }

        using (Process term = Process.Start("kill", ["-TERM", child.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        // It goes on recording until the host's stop reaches it: the last total it prints is what it recorded.
        string rest = await child.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        foreach (string line in rest.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            recorded = RecordedIn(line) ?? recorded;
        }

        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(child.ExitCode == 0, $"The worker exited with {child.ExitCode}: {await errors}");
        Assert.Contains("Application is shutting down", rest, StringComparison.Ordinal);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand sum = connection.CreateCommand();
        sum.CommandText = "SELECT coalesce(sum(m.occurrences), 0) FROM rollup_minute m JOIN series s ON s.id = m.series_id WHERE s.metric = 'worker.orders.placed'";
        Assert.Equal(recorded, Convert.ToInt64(sum.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    /// <summary>The total in a <c>recorded N</c> line; <see langword="null"/> for the host's own log lines.</summary>
    private static long? RecordedIn(string line) =>
        line.StartsWith("recorded ", StringComparison.Ordinal) ? long.Parse(line["recorded ".Length..], CultureInfo.InvariantCulture) : null;
}
