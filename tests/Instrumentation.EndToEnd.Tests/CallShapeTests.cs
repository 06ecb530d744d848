using Instrumentation.EndToEnd.Library;
using Instrumentation.Probes;

namespace Instrumentation.EndToEnd.Tests;

/// <summary>Interface, static, generic and extension calls are intercepted, counted, and still do their work.</summary>
public sealed class CallShapeTests
{
    [Fact]
    public async Task Calls_through_an_annotated_interface_method_are_counted()
    {
        await using Baseline run = await Baseline.StartAsync();
        var stock = new Stock();
        IStock viaInterface = stock;

        viaInterface.Reserve("lamp", 2);
        viaInterface.Reserve("lamp", 3);
        await run.FlushAsync();

        Assert.Equal(5, stock.Reserved);
        Assert.Equal(2, run.Sink.Counter("e2e.stock.reserved{product=lamp}", EventFields.Occurrences));
    }

    [Fact]
    public async Task Static_generic_and_extension_calls_are_counted()
    {
        await using Baseline run = await Baseline.StartAsync();
        List<string> tokens = ["a", "b"];

        Assert.Equal(12m, CatalogFunctions.Price(10m));
        Assert.Equal("x", CatalogFunctions.FirstOrNone<string>(["x"]));
        Assert.Null(CatalogFunctions.FirstOrNone(Array.Empty<string>()));
        tokens.RevokeAll();
        CatalogFunctions.RevokeAll(tokens);
        await run.FlushAsync();

        Assert.Empty(tokens);
        Assert.Equal(1, run.Sink.Counter("e2e.catalog.price", EndpointFields.Calls));
        Assert.Equal(2, run.Sink.Counter("e2e.catalog.first", EventFields.Occurrences));
        Assert.Equal(2, run.Sink.Counter("e2e.catalog.tokens", TokenFields.Revoked));
    }

    [Fact]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Test code, not trimmed.")]
    public async Task A_method_with_trimming_annotations_in_an_AOT_compatible_library_is_counted()
    {
        await using Baseline run = await Baseline.StartAsync();

        Assert.Equal(1, Reflection.CountStockProperties());
        await run.FlushAsync();

        Assert.Equal(1, run.Sink.Counter("e2e.reflection.properties", EventFields.Occurrences));
    }

    [Fact]
    public async Task A_member_of_a_generic_type_is_counted_called_closed_or_open()
    {
        await using Baseline run = await Baseline.StartAsync();
        var shelf = new Shelf<string>();

        shelf.Put("a");
        PutOpen(shelf, "b");
        await run.FlushAsync();

        Assert.Equal(2, shelf.Count);
        Assert.Equal(2, run.Sink.Counter("e2e.shelf.put", EventFields.Occurrences));
    }

    private static void PutOpen<T>(Shelf<T> shelf, T item) => shelf.Put(item);

    [Fact]
    public async Task A_structs_method_changes_the_callers_copy_and_is_counted()
    {
        await using Baseline run = await Baseline.StartAsync();
        var tally = new Tally();

        tally.Add();
        tally.Add();
        await run.FlushAsync();

        Assert.Equal(2, tally.Count);
        Assert.Equal(2, run.Sink.Counter("e2e.tally.add", EventFields.Occurrences));
    }
}
