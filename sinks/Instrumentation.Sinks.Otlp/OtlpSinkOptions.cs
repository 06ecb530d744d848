using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Instrumentation.Sinks.Otlp;

/// <summary>Where and how the OTLP exporter sends the meter <c>Instrumentation</c>. Binds from <c>Instrumentation:Otlp</c>.</summary>
public sealed class OtlpSinkOptions
{
    /// <summary>
    /// The collector's base address, as in <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; for HTTP/protobuf the
    /// sink appends <c>/v1/metrics</c>. Default: <c>http://localhost:4317</c> for gRPC,
    /// <c>http://localhost:4318</c> for HTTP/protobuf.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The OTLP transport. Default <see cref="OtlpExportProtocol.Grpc"/>.</summary>
    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>Headers sent with every export, for example an API key. Names and values may not contain commas.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How often metrics are collected and exported. Default 60 seconds, OpenTelemetry's own default.</summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one export may take before it is abandoned. Default 10 seconds.</summary>
    public TimeSpan ExportTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Cumulative (default) or delta. With cumulative, an export the collector missed is made good by
    /// the next one; with delta, the points of a failed export are lost (OpenTelemetry does not keep them).
    /// </summary>
    public MetricReaderTemporalityPreference Temporality { get; set; } = MetricReaderTemporalityPreference.Cumulative;

    /// <summary>The address the exporter posts to: <see cref="Endpoint"/> or the protocol's default, with <c>/v1/metrics</c> for HTTP.</summary>
    public Uri ExportAddress
    {
        get
        {
            bool http = Protocol == OtlpExportProtocol.HttpProtobuf;
            Uri endpoint = Endpoint ?? new Uri(http ? "http://localhost:4318" : "http://localhost:4317");
            return http ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/v1/metrics") : endpoint;
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is not usable.</summary>
    public void Validate()
    {
        if (Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException($"Instrumentation:Otlp:Endpoint is '{endpoint}'; use an absolute http or https address such as \"http://localhost:4317\".", nameof(Endpoint));
        }

        if (!Enum.IsDefined(Protocol))
        {
            throw new ArgumentException($"Instrumentation:Otlp:Protocol is '{Protocol}'; use Grpc or HttpProtobuf.", nameof(Protocol));
        }

        if (ExportInterval <= TimeSpan.Zero || ExportTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Instrumentation:Otlp: ExportInterval and ExportTimeout must be positive.", nameof(ExportInterval));
        }

        foreach ((string name, string value) in Headers)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Contains(',', StringComparison.Ordinal) || name.Contains('=', StringComparison.Ordinal) || value.Contains(',', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Instrumentation:Otlp:Headers has '{name}'; header names may not be empty or hold ',' or '=', values may not hold ','.", nameof(Headers));
            }
        }
    }

    /// <summary>Copies the transport settings onto OpenTelemetry's exporter options.</summary>
    internal void ApplyTo(OtlpExporterOptions exporter)
    {
        exporter.Endpoint = ExportAddress;
        exporter.Protocol = Protocol;
        exporter.TimeoutMilliseconds = (int)ExportTimeout.TotalMilliseconds;
        exporter.Headers = Headers.Count == 0 ? null : string.Join(',', Headers.Select(h => $"{h.Key}={h.Value}"));
    }

    /// <summary>Copies the interval and temporality onto OpenTelemetry's reader options.</summary>
    internal void ApplyTo(MetricReaderOptions reader)
    {
        reader.TemporalityPreference = Temporality;
        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)ExportInterval.TotalMilliseconds;
        reader.PeriodicExportingMetricReaderOptions.ExportTimeoutMilliseconds = (int)ExportTimeout.TotalMilliseconds;
    }
}
