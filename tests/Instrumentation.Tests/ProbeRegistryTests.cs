using Instrumentation.Probes;

namespace Instrumentation.Tests;

public sealed class ProbeRegistryTests
{
    [Fact]
    public void Registering_a_name_twice_returns_the_same_probe()
    {
        var registry = new ProbeRegistry();
        TagDefinition[] tags = [TagDefinition.Text("client")];

        EndpointProbe first = registry.GetOrAddEndpoint("api.orders", tags);
        EndpointProbe second = registry.GetOrAddEndpoint("api.orders", [TagDefinition.Text("client")]);

        Assert.Same(first, second);
        Assert.Same(first, registry.Find("api.orders"));
        Assert.Single(registry.Probes);
    }

    [Fact]
    public void Token_issue_and_revoke_share_one_probe()
    {
        var registry = new ProbeRegistry();
        Assert.Same(registry.GetOrAddToken("tokens"), registry.GetOrAddToken("tokens"));
    }

    [Fact]
    public void The_issuing_side_names_the_token_lifetime_whichever_registers_first()
    {
        var registry = new ProbeRegistry();
        TokenProbe revokeSide = registry.GetOrAddToken("tokens");
        TokenProbe issueSide = registry.GetOrAddToken("tokens", lifetime: TimeSpan.FromMinutes(15));

        Assert.Same(revokeSide, issueSide);
        Assert.Equal(TimeSpan.FromMinutes(15), issueSide.Definition.TokenLifetime);
        Assert.NotSame(issueSide, registry.GetOrAddToken("tokens", lifetime: TimeSpan.FromMinutes(5)));
        Assert.Single(registry.Conflicts);
    }

    [Fact]
    public void One_name_for_two_kinds_is_a_recorded_conflict_not_an_exception()
    {
        var registry = new ProbeRegistry();
        EndpointProbe endpoint = registry.GetOrAddEndpoint("checkout");

        CacheProbe refused = registry.GetOrAddCache("checkout");
        refused.Default.Lookup(hit: true);

        ProbeConflict conflict = Assert.Single(registry.Conflicts);
        Assert.Contains("Endpoint 'checkout'", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("rename one of the two", conflict.Message, StringComparison.Ordinal);
        Assert.Same(endpoint, registry.Find("checkout"));
        Assert.DoesNotContain(refused, registry.Probes);
    }

    [Fact]
    public void One_name_with_two_tag_sets_is_a_recorded_conflict()
    {
        var registry = new ProbeRegistry();
        registry.GetOrAddEvent("clicks", [TagDefinition.Text("page")]);

        registry.GetOrAddEvent("clicks", [TagDefinition.Text("button")]);

        Assert.Equal("button", Assert.Single(registry.Conflicts).Refused.Tags.Single().Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("9lives")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void An_invalid_metric_name_is_refused_with_an_example(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new ProbeRegistry().GetOrAddEvent(name));
        Assert.Contains("for example", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_eight_tags_are_refused()
    {
        TagDefinition[] tags = [.. Enumerable.Range(0, 9).Select(i => TagDefinition.Text($"t{i}"))];

        var error = Assert.Throws<ArgumentException>(() => new ProbeRegistry().GetOrAddEvent("wide", tags));
        Assert.Contains("the most is 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_named_twice_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ProbeRegistry().GetOrAddEvent("dup", [TagDefinition.Text("a"), TagDefinition.Number("a")]));
    }

    [Fact]
    public void The_shared_registry_is_one_instance()
    {
        Assert.Same(ProbeRegistry.Shared, ProbeRegistry.Shared);
    }
}
