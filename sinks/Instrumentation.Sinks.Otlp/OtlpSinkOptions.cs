using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Instrumentation.Sinks.Otlp;

/// <summary>
/// Where and how the OTLP exporter sends the meter <c>Instrumentation</c>. Binds from <c>Instrumentation:Otlp</c>.
/// A setting left unset here is taken as OpenTelemetry's own exporter takes it: from the standard variables
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c>,
/// <c>OTEL_EXPORTER_OTLP_TIMEOUT</c>, <c>OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE</c>,
/// <c>OTEL_METRIC_EXPORT_INTERVAL</c>, as Aspire and Kubernetes operators set them), else OpenTelemetry's defaults.
/// A setting made here wins.
/// </summary>
public sealed class OtlpSinkOptions
{
    /// <summary>
    /// The collector's base address, as in <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; for HTTP/protobuf the
    /// sink appends <c>/v1/metrics</c>. Unset: the variable, else <c>http://localhost:4317</c> for gRPC,
    /// <c>http://localhost:4318</c> for HTTP/protobuf.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The OTLP transport. Unset: <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, else <see cref="OtlpExportProtocol.Grpc"/>.</summary>
    public OtlpExportProtocol? Protocol { get; set; }

    /// <summary>Headers sent with every export, for example an API key. Names and values may not contain commas. None: <c>OTEL_EXPORTER_OTLP_HEADERS</c>.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How often metrics are collected and exported. Unset: <c>OTEL_METRIC_EXPORT_INTERVAL</c>, else 60 seconds.</summary>
    public TimeSpan? ExportInterval { get; set; }

    /// <summary>How long one export may take before it is abandoned. Unset: <c>OTEL_EXPORTER_OTLP_TIMEOUT</c>, else 10 seconds.</summary>
    public TimeSpan? ExportTimeout { get; set; }

    /// <summary>
    /// Cumulative or delta; unset: <c>OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE</c>, else cumulative. With
    /// cumulative, an export the collector missed is made good by the next one; with delta, the points of a failed
    /// export are lost (OpenTelemetry does not keep them).
    /// </summary>
    public MetricReaderTemporalityPreference? Temporality { get; set; }

    /// <summary>
    /// The address the exporter posts to when these options name it: <see cref="Endpoint"/> or the protocol's
    /// default, with <c>/v1/metrics</c> for HTTP (the protocol being <see cref="Protocol"/>, else gRPC).
    /// </summary>
    public Uri ExportAddress => AddressFor(Protocol ?? OtlpExportProtocol.Grpc);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is not usable.</summary>
    public void Validate()
    {
        if (Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException($"Instrumentation:Otlp:Endpoint is '{endpoint}'; use an absolute http or https address such as \"http://localhost:4317\".", nameof(Endpoint));
        }

        if (Protocol is { } protocol && !Enum.IsDefined(protocol))
        {
            throw new ArgumentException($"Instrumentation:Otlp:Protocol is '{Protocol}'; use Grpc or HttpProtobuf.", nameof(Protocol));
        }

        if (ExportInterval <= TimeSpan.Zero || ExportTimeout <= TimeSpan.Zero || ExportTimeout?.TotalMilliseconds > int.MaxValue || ExportInterval?.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException("Instrumentation:Otlp: ExportInterval and ExportTimeout must be positive and under 24 days.", nameof(ExportInterval));
        }

        foreach ((string name, string value) in Headers)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Contains(',', StringComparison.Ordinal) || name.Contains('=', StringComparison.Ordinal) || value.Contains(',', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Instrumentation:Otlp:Headers has '{name}'; header names may not be empty or hold ',' or '=', values may not hold ','.", nameof(Headers));
            }
        }
    }

    /// <summary>
    /// Copies the transport settings made here onto OpenTelemetry's exporter options, which hold what the
    /// <c>OTEL_*</c> variables say (or OpenTelemetry's defaults) for the rest.
    /// </summary>
    internal void ApplyTo(OtlpExporterOptions exporter)
    {
        if (Protocol is { } protocol)
        {
            exporter.Protocol = protocol;
        }

        if (Endpoint is not null)
        {
            exporter.Endpoint = AddressFor(exporter.Protocol);
        }

        if (ExportTimeout is { } timeout)
        {
            exporter.TimeoutMilliseconds = (int)timeout.TotalMilliseconds;
        }

        if (Headers.Count > 0)
        {
            exporter.Headers = string.Join(',', Headers.Select(h => $"{h.Key}={h.Value}"));
        }
    }

    /// <summary>Copies the interval, timeout and temporality made here onto OpenTelemetry's reader options.</summary>
    internal void ApplyTo(MetricReaderOptions reader)
    {
        if (Temporality is { } temporality)
        {
            reader.TemporalityPreference = temporality;
        }

        if (ExportInterval is { } interval)
        {
            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)interval.TotalMilliseconds;
        }

        if (ExportTimeout is { } timeout)
        {
            reader.PeriodicExportingMetricReaderOptions.ExportTimeoutMilliseconds = (int)timeout.TotalMilliseconds;
        }
    }

    private Uri AddressFor(OtlpExportProtocol protocol)
    {
        bool http = protocol == OtlpExportProtocol.HttpProtobuf;
        Uri endpoint = Endpoint ?? new Uri(http ? "http://localhost:4318" : "http://localhost:4317");
        return http ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/v1/metrics") : endpoint;
    }
}
