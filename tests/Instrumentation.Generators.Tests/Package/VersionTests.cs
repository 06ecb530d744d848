using Instrumentation.Metrics;

namespace Instrumentation.Generators.Tests.Package;

/// <summary>One version everywhere: the generator's [GeneratedCode] says the package version the runtime's meter does.</summary>
public sealed class VersionTests
{
    [Fact]
    public void Generated_code_carries_the_package_version()
    {
        Assert.Equal(InstrumentNames.Version, GeneratedMarks.Version);
        Assert.DoesNotContain('+', GeneratedMarks.Version);
    }
}
