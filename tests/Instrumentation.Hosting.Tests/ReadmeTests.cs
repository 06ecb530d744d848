namespace Instrumentation.Hosting.Tests;

/// <summary>Code the README shows is code the tests run.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public void The_readme_sink_is_the_tested_JsonLinesSink()
    {
        string root = RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        int start = readme.IndexOf("  ```csharp\n  using System.Text;", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md no longer shows the JsonLinesSink code block.");
        int end = readme.IndexOf("  builder.AddInstrumentation().AddSink(new JsonLinesSink", start, StringComparison.Ordinal);
        string[] shown = CodeLines(readme[start..end].Split('\n').Skip(1));

        string[] tested = CodeLines(File.ReadAllLines(Path.Combine(root, "tests", "Instrumentation.Hosting.Tests", "JsonLinesSink.cs"))
            .Where(l => !l.StartsWith("namespace ", StringComparison.Ordinal) && !l.StartsWith("// ", StringComparison.Ordinal)));

        Assert.Equal(tested, shown);
    }

    private static string[] CodeLines(IEnumerable<string> lines) => [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Instrumentation.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository.");
    }
}
