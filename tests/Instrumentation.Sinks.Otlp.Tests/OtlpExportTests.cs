using System.Diagnostics.Metrics;
using Instrumentation.AspNetCore.Tests;
using Instrumentation.Metrics;
using Instrumentation.Probes;
using Instrumentation.Sinks.Otlp.Tests.Otlp;
using Instrumentation.AI.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using AggregationTemporality = Instrumentation.Sinks.Otlp.Tests.Otlp.AggregationTemporality;
using Metric = Instrumentation.Sinks.Otlp.Tests.Otlp.Metric;

namespace Instrumentation.Sinks.Otlp.Tests;

/// <summary>AddOtlp in a real app on Kestrel, exporting to a real OTLP receiver on loopback.</summary>
public sealed class OtlpExportTests
{
    private static readonly (string, string) s_ordersWeb = (InstrumentNames.ProbeAttribute, "api.orders");

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Probes_arrive_with_their_names_values_attributes_and_histogram_buckets(OtlpExportProtocol protocol)
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        await using KestrelApp app = await StartAppAsync(receiver, protocol);
        EndpointSeries web = OrdersFor(app.Registry, "web");
        web.Record(2_000_000, failed: false);
        web.Record(300_000_000, failed: true);
        OrdersFor(app.Registry, "ios").Record(40_000_000, failed: false);
        CacheSeries cache = app.Registry.GetOrAddCache("catalog.cache").Default;
        cache.Lookup(hit: true);
        cache.Lookup(hit: false);
        app.Registry.GetOrAddGauge("chat.presence").Default.Add(12);
        await WorkRecordedAsync(app);
        Assert.True(Flush(app));

        Assert.Contains(InstrumentNames.Meter, receiver.ScopeNames());
        List<Metric> calls = receiver.Metrics(InstrumentNames.EndpointCalls);
        Assert.All(calls, m => Assert.True(m.Sum.IsMonotonic));
        Assert.All(calls, m => Assert.Equal(AggregationTemporality.Cumulative, m.Sum.AggregationTemporality));
        Assert.Equal("{call}", calls[0].Unit);
        Assert.Equal(2, calls.LastValue(s_ordersWeb, ("client", "web")));
        Assert.Equal(1, calls.LastValue(s_ordersWeb, ("client", "ios")));
        Assert.Equal(1, calls.LastValue((InstrumentNames.ProbeAttribute, "otlp.work")));
        Assert.Equal(1, receiver.Metrics(InstrumentNames.EndpointFailures).LastValue(s_ordersWeb, ("client", "web")));
        Assert.Equal(1, receiver.Metrics(InstrumentNames.CacheHits).LastValue((InstrumentNames.ProbeAttribute, "catalog.cache")));
        Assert.Equal(1, receiver.Metrics(InstrumentNames.CacheMisses).LastValue((InstrumentNames.ProbeAttribute, "catalog.cache")));
        Assert.Equal(12, receiver.Metrics(InstrumentNames.GaugeValue).LastValue((InstrumentNames.ProbeAttribute, "chat.presence")));

        List<Metric> durations = receiver.Metrics(InstrumentNames.EndpointDuration);
        Assert.Equal("s", durations[0].Unit);
        HistogramDataPoint histogram = durations.LastHistogram(s_ordersWeb, ("client", "web"))!;
        Assert.Equal(2UL, histogram.Count);
        Assert.Equal(0.302, histogram.Sum, precision: 9);
        Assert.Equal([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10], histogram.ExplicitBounds);
        Assert.Equal([1UL, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], histogram.BucketCounts);

        // The semantic-convention HTTP server metric comes from ASP.NET Core's own meter, under its own name.
        Assert.Contains(receiver.Metrics("http.server.request.duration").SelectMany(m => m.Histogram.DataPoints), p => p.Attributes().GetValueOrDefault("http.route") == "/work");
    }

    [Fact]
    public async Task Chat_calls_reach_the_receiver_as_the_GenAI_client_instruments()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder =>
            {
                builder.Services.AddInstrumentation().AddUsage().AddOtlp(o => o.Endpoint = receiver.GrpcEndpoint);
                builder.Services.AddChatClient(_ => new LocalChatClient("openai", "gpt-4o", outputTokens: 9)).UseInstrumentation();
            },
            _ => { });
        IChatClient chat = app.App.Services.GetRequiredService<IChatClient>();
        await chat.GetResponseAsync("twelve chars");
        await chat.GetResponseAsync("four", new ChatOptions { ModelId = "gpt-4o-mini" });

        Assert.True(Flush(app));

        List<Metric> tokens = receiver.Metrics("gen_ai.client.token.usage");
        Assert.Equal("{token}", tokens[0].Unit);
        (string, string)[] gpt4o = [("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o"), ("gen_ai.response.model", "gpt-4o")];
        HistogramDataPoint input = tokens.LastHistogram([.. gpt4o, ("gen_ai.token.type", "input")])!;
        HistogramDataPoint output = tokens.LastHistogram([.. gpt4o, ("gen_ai.token.type", "output")])!;
        Assert.Equal((1UL, 12.0), (input.Count, input.Sum));
        Assert.Equal((1UL, 9.0), (output.Count, output.Sum));
        Assert.Equal([1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864], input.ExplicitBounds);
        Assert.Equal(4.0, tokens.LastHistogram(("gen_ai.request.model", "gpt-4o-mini"), ("gen_ai.token.type", "input"))!.Sum);
        List<Metric> durations = receiver.Metrics("gen_ai.client.operation.duration");
        Assert.Equal("s", durations[0].Unit);
        Assert.Equal(1UL, durations.LastHistogram(gpt4o)!.Count);
    }

    [Fact]
    public async Task Delta_temporality_and_headers_reach_the_receiver()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        await using KestrelApp app = await StartAppAsync(receiver, OtlpExportProtocol.HttpProtobuf, o =>
        {
            o.Temporality = MetricReaderTemporalityPreference.Delta;
            o.Headers["x-api-key"] = "secret-1";
        });
        TokenSeries token = app.Registry.GetOrAddToken("auth.token").Default;
        token.Issue();
        token.Issue();
        Assert.True(Flush(app));
        token.Issue();
        Assert.True(Flush(app));

        List<Metric> issued = receiver.Metrics(InstrumentNames.TokensIssued);
        Assert.All(issued, m => Assert.Equal(AggregationTemporality.Delta, m.Sum.AggregationTemporality));
        Assert.Equal([2L, 1L], issued.SelectMany(m => m.Sum.DataPoints).Select(p => p.AsInt));
        Assert.Equal("secret-1", receiver.LastApiKey);
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task A_receiver_that_is_down_costs_the_app_no_exception_and_later_exports_carry_exact_totals(OtlpExportProtocol protocol)
    {
        await using OtlpReceiver receiver = OtlpReceiver.Reserve();
        await using KestrelApp app = await StartAppAsync(receiver, protocol, o => o.ExportTimeout = TimeSpan.FromSeconds(2));
        EndpointSeries web = OrdersFor(app.Registry, "web");
        for (int i = 0; i < 5; i++)
        {
            web.Record(1_000_000, failed: false);
        }

        Assert.False(Flush(app));
        await WorkRecordedAsync(app);

        await receiver.ListenAsync();
        for (int i = 0; i < 3; i++)
        {
            web.Record(1_000_000, failed: false);
        }

        Assert.True(Flush(app));
        Assert.Equal(8, receiver.Metrics(InstrumentNames.EndpointCalls).LastValue(s_ordersWeb, ("client", "web")));
        Assert.Equal(1, receiver.Metrics(InstrumentNames.EndpointCalls).LastValue((InstrumentNames.ProbeAttribute, "otlp.work")));
    }

    [Fact]
    public async Task Options_bind_from_the_Instrumentation_Otlp_section()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Instrumentation:Otlp:Endpoint"] = receiver.HttpEndpoint.AbsoluteUri,
                    ["Instrumentation:Otlp:Protocol"] = "HttpProtobuf",
                    ["Instrumentation:Otlp:Temporality"] = "Delta",
                    ["Instrumentation:Otlp:ExportInterval"] = "00:00:30",
                    ["Instrumentation:Otlp:Headers:x-api-key"] = "from-config",
                });
                builder.Services.AddInstrumentation().AddOtlp();
            },
            _ => { });
        app.Registry.GetOrAddEvent("config.bound").Default.Increment();

        Assert.True(Flush(app));

        OtlpSinkOptions options = app.App.Services.GetRequiredService<IOptions<OtlpSinkOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(30), options.ExportInterval);
        Assert.Equal("from-config", receiver.LastApiKey);
        Metric occurrences = Assert.Single(receiver.Metrics(InstrumentNames.EventOccurrences));
        Assert.Equal(AggregationTemporality.Delta, occurrences.Sum.AggregationTemporality);
        Assert.Equal(1, receiver.Metrics(InstrumentNames.EventOccurrences).LastValue((InstrumentNames.ProbeAttribute, "config.bound")));
    }

    [Fact]
    public async Task The_standard_OTEL_variables_apply_when_no_option_is_set_explicitly()
    {
        // As Aspire and Kubernetes operators set them; the host reads environment variables into configuration.
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.HttpEndpoint.AbsoluteUri,
                    ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                    ["OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE"] = "delta",
                });
                builder.Services.AddInstrumentation().AddOtlp();
            },
            web => { });
        app.Registry.GetOrAddEvent("env.events").Default.Add(3);

        Assert.True(Flush(app));

        Metric occurrences = Assert.Single(receiver.Metrics(InstrumentNames.EventOccurrences), m => m.Sum.DataPoints.Any(p => p.Attributes().GetValueOrDefault(InstrumentNames.ProbeAttribute) == "env.events"));
        Assert.Equal(AggregationTemporality.Delta, occurrences.Sum.AggregationTemporality);
    }

    [Fact]
    public async Task An_invalid_endpoint_stops_start_up_with_a_message_that_names_the_setting()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => KestrelApp.StartAsync(
            builder => builder.Services.AddInstrumentation().AddOtlp(o => o.Endpoint = new Uri("ftp://collector:4317")),
            _ => { }));

        Assert.Contains("Instrumentation:Otlp:Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_http_address_gets_the_metrics_path_and_grpc_keeps_the_endpoint()
    {
        var http = new OtlpSinkOptions { Protocol = OtlpExportProtocol.HttpProtobuf, Endpoint = new Uri("http://collector:4318/") };
        var grpc = new OtlpSinkOptions { Endpoint = new Uri("http://collector:4317") };

        Assert.Equal(new Uri("http://collector:4318/v1/metrics"), http.ExportAddress);
        Assert.Equal(new Uri("http://collector:4317"), grpc.ExportAddress);
        Assert.Equal(new Uri("http://localhost:4318/v1/metrics"), new OtlpSinkOptions { Protocol = OtlpExportProtocol.HttpProtobuf }.ExportAddress);
    }

    private static Task<KestrelApp> StartAppAsync(OtlpReceiver receiver, OtlpExportProtocol protocol, Action<OtlpSinkOptions>? configure = null) =>
        KestrelApp.StartAsync(
            builder => builder.Services.AddInstrumentation().AddOtlp(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = protocol == OtlpExportProtocol.Grpc ? receiver.GrpcEndpoint : receiver.HttpEndpoint;
                configure?.Invoke(o);
            }),
            web => web.MapGet("/work", [TrackEndpoint("otlp.work")] () => "ok"));

    /// <summary>
    /// Requests <c>/work</c> and waits until the request is recorded. ASP.NET Core records a request's duration (which
    /// the request recording listens to) after the response has reached the client, so an export right after the
    /// response may come too early for it. The endpoint series records into the meter's duration histogram after it
    /// counted the call, so a measurement of <c>otlp.work</c> there means the call is counted.
    /// </summary>
    private static async Task WorkRecordedAsync(KestrelApp app)
    {
        var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == InstrumentNames.Meter && instrument.Name == InstrumentNames.EndpointDuration)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == InstrumentNames.ProbeAttribute && tag.Value as string == "otlp.work")
                {
                    recorded.TrySetResult();
                }
            }
        });
        listener.Start();
        (await app.Client.GetAsync("/work")).EnsureSuccessStatusCode();
        await recorded.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Collects and exports now; whether the receiver took it.</summary>
    private static bool Flush(KestrelApp app) => app.App.Services.GetRequiredService<MeterProvider>().ForceFlush(timeoutMilliseconds: 10_000);

    private static EndpointSeries OrdersFor(ProbeRegistry registry, string client)
    {
        var key = new SeriesKey(0);
        key.Add(client);
        return registry.GetOrAddEndpoint("api.orders", [TagDefinition.Text("client")]).GetSeries(in key);
    }
}
