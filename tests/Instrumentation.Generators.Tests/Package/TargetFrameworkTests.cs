using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Instrumentation.Generators.Tests.Package;

/// <summary>What the package's build files do in a real build: a multi-targeting library learns at once which framework is supported.</summary>
public sealed class TargetFrameworkTests
{
    [Fact]
    public async Task A_target_framework_the_runtime_does_not_support_gets_one_clear_error()
    {
        string build = Path.Combine(RepositoryRoot(), "src", "Instrumentation", "build");
        string output = await BuildLibraryAsync($"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{build}/Instrumentation.props" />
              <PropertyGroup>
                <TargetFrameworks>net10.0;netstandard2.0</TargetFrameworks>
                <LangVersion>latest</LangVersion>
                <Nullable>enable</Nullable>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{typeof(TrackEndpointAttribute).Assembly.Location}" Condition="'$(TargetFramework)' == 'net10.0'" />
                <Analyzer Include="{typeof(ProbeGenerator).Assembly.Location}" />
              </ItemGroup>
              <Import Project="{build}/Instrumentation.targets" />
            </Project>
            """, """
            public class Library
            {
                [Instrumentation.TrackEvent("library.used")]
                public void Use() { }
            }
            """);

        Assert.Contains("error INSTR100: The Instrumentation package supports net10.0 and later, not 'netstandard2.0'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS0246", output, StringComparison.Ordinal);
        Assert.DoesNotContain("error INSTR100: The Instrumentation package supports net10.0 and later, not 'net10.0'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task INSTR100_the_generator_itself_writes_nothing_for_a_target_without_module_initialisers()
    {
        // Referencing the generator directly (no package targets), as a repository might: the generator
        // must not write code that cannot compile for netstandard2.0.
        string output = await BuildLibraryAsync($"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net10.0;netstandard2.0</TargetFrameworks>
                <LangVersion>latest</LangVersion>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <InterceptorsNamespaces>Instrumentation.Generated</InterceptorsNamespaces>
                <NoWarn>MSB3277</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{typeof(TrackEndpointAttribute).Assembly.Location}" />
                <Analyzer Include="{typeof(ProbeGenerator).Assembly.Location}" />
              </ItemGroup>
            </Project>
            """, """
            public class Library
            {
                [Instrumentation.TrackEvent("library.used")]
                internal void Use() { }

                public void Run() => Use();
            }
            """);

        Assert.Contains("error INSTR100: Instrumentation needs net10.0 or later", output, StringComparison.Ordinal);
        Assert.DoesNotContain("error CS", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<InterceptorsNamespaces>My.Own.Interceptors</InterceptorsNamespaces>", false)]
    [InlineData("<InstrumentationInterceptors>false</InstrumentationInterceptors>", true)]
    public async Task A_projects_own_interceptor_namespaces_keep_ours_and_the_opt_out_turns_them_off(string property, bool uncounted)
    {
        string build = Path.Combine(RepositoryRoot(), "src", "Instrumentation", "build");
        string output = await BuildLibraryAsync($"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{build}/Instrumentation.props" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                {property}
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{typeof(TrackEndpointAttribute).Assembly.Location}" />
                <Analyzer Include="{typeof(ProbeGenerator).Assembly.Location}" />
              </ItemGroup>
              <Import Project="{build}/Instrumentation.targets" />
            </Project>
            """, """
            public class Library
            {
                [Instrumentation.TrackEvent("library.used")]
                internal void Use() { }

                public void Run() => Use();
            }
            """);

        Assert.DoesNotContain(": error ", output, StringComparison.Ordinal);
        Assert.Equal(uncounted, output.Contains("warning INSTR016", StringComparison.Ordinal));
    }

    /// <summary>Builds a library of one project file and one source file in a folder of its own; returns the build's output.</summary>
    private static async Task<string> BuildLibraryAsync(string projectFile, string source)
    {
        string project = Directory.CreateTempSubdirectory("instrumentation-build-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(project, "Library.csproj"), projectFile);
            await File.WriteAllTextAsync(Path.Combine(project, "Library.cs"), source);
            return await DotnetBuild(project);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    private static async Task<string> DotnetBuild(string project)
    {
        var start = new ProcessStartInfo("dotnet", ["build", project, "--nologo", "-v", "quiet", "-p:UseSharedCompilation=false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return await output + await error;
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
