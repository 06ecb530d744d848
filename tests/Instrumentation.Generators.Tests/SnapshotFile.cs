using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Instrumentation.Generators.Tests;

/// <summary>
/// Verify's file convention without Verify (the package registry here does not serve it): the
/// accepted text lives in <c>Snapshots/{Test}#{File}.verified.cs</c>; a mismatch writes
/// <c>.received.cs</c> beside it and fails. Accept a change by renaming received to verified, or run
/// the tests with <c>ACCEPT_SNAPSHOTS=1</c>.
/// </summary>
internal static partial class SnapshotFile
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        string verified = Path.Combine(directory, name + ".verified.cs");
        string received = Path.Combine(directory, name + ".received.cs");
        string text = Scrub(actual).ReplaceLineEndings("\n");

        if (Environment.GetEnvironmentVariable("ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, text);
        }

        string? expected = File.Exists(verified) ? File.ReadAllText(verified).ReplaceLineEndings("\n") : null;
        if (expected == text)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(received, text);
        Assert.Fail(expected is null
            ? $"No snapshot yet: review {received} and rename it to {Path.GetFileName(verified)}."
            : $"The generated source changed: compare {received} with {Path.GetFileName(verified)}; rename it to accept.");
    }

    /// <summary>
    /// Interceptor location data is an opaque hash of the file's content: keep the shape, drop the data. The generator's
    /// version in <c>[GeneratedCode]</c> is the package's, which changes every release.
    /// </summary>
    private static string Scrub(string text) =>
        InterceptsLocationData().Replace(text, "InterceptsLocation($1, \"{scrubbed}\")")
            .Replace($"\"{GeneratedMarks.Tool}\", \"{GeneratedMarks.Version}\"", $"\"{GeneratedMarks.Tool}\", \"{{version}}\"", StringComparison.Ordinal);

    [GeneratedRegex("""InterceptsLocation\((\d+), "[^"]*"\)""")]
    private static partial Regex InterceptsLocationData();
}
