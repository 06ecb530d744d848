"""Writes the two projects build-cost.sh compares: the same user code with and without Instrumentation."""
import pathlib
import sys

work, methods, files, runtime, generator, props = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:7]
per_file = methods // files

def service(file: int) -> str:
    lines = ["using System.Diagnostics.CodeAnalysis;", "using System.Threading.Tasks;", "using Instrumentation;", f"namespace App{file};", "public class Service", "{"]
    for i in range(per_file):
        match i % 4:
            case 0: lines.append(f'    [TrackEndpoint("app.{file}.m{i}")] public int M{i}([Tag("client")] string client, int x) => x + {i};')
            case 1: lines.append(f'    [TrackEvent("app.{file}.m{i}")] public void M{i}(int x) {{ }}')
            case 2: lines.append(f'    [TrackCacheLookup("app.{file}.m{i}")] public bool M{i}(string key, [NotNullWhen(true)] out string? value) {{ value = key; return true; }}')
            case 3: lines.append(f'    [TrackEndpoint("app.{file}.m{i}")] public Task<int> M{i}(int x) => Task.FromResult(x);')
    lines.append("}")
    return "\n".join(lines) + "\n"

def caller(file: int) -> str:
    lines = ["using System.Threading.Tasks;", f"namespace App{file};", "public static class Caller", "{",
             "    public static async Task<int> RunAsync(Service s)", "    {", "        int total = 0;"]
    for i in range(per_file):
        match i % 4:
            case 0: lines.append(f'        total += s.M{i}("web", 1);')
            case 1: lines.append(f"        s.M{i}(1);")
            case 2: lines.append(f'        if (s.M{i}("k", out string? v{i})) total += v{i}.Length;')
            case 3: lines.append(f"        total += await s.M{i}(1);")
    lines += ["        return total;", "    }", "}"]
    return "\n".join(lines) + "\n"

STUBS = """namespace Instrumentation;
public abstract class TrackStub : System.Attribute { protected TrackStub(string? name) { } }
public sealed class TrackEndpointAttribute(string? name = null) : TrackStub(name);
public sealed class TrackEventAttribute(string? name = null) : TrackStub(name);
public sealed class TrackCacheLookupAttribute(string? name = null) : TrackStub(name);
public sealed class TagAttribute(string name) : System.Attribute { public string Name { get; } = name; }
"""

for variant in ("with", "without"):
    project = pathlib.Path(work, variant)
    project.mkdir(parents=True)
    references = (f'<Reference Include="{runtime}" />\n    <Analyzer Include="{generator}" />' if variant == "with" else "")
    imports = f'<Import Project="{props}" />' if variant == "with" else ""
    project.joinpath("App.csproj").write_text(f"""<Project Sdk="Microsoft.NET.Sdk">
  {imports}
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
    <CompilerGeneratedFilesOutputPath>obj/generated</CompilerGeneratedFilesOutputPath>
  </PropertyGroup>
  <ItemGroup>
    {references}
  </ItemGroup>
</Project>
""")
    for file in range(files):
        project.joinpath(f"Service{file}.cs").write_text(service(file))
        project.joinpath(f"Caller{file}.cs").write_text(caller(file))
    if variant == "without":
        project.joinpath("Stubs.cs").write_text(STUBS)
