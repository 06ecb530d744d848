using Instrumentation;
using Instrumentation.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>Adds Instrumentation to a host: a worker service, a console app on the generic host, any <see cref="IHostApplicationBuilder"/>.</summary>
public static class InstrumentationHostApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the collector, snapshots and the meter to <paramref name="builder"/>'s services (see
    /// <see cref="InstrumentationHostingServiceCollectionExtensions.AddInstrumentation"/>); options bind from the
    /// <c>Instrumentation</c> section of its configuration and are validated at start.
    /// </summary>
    /// <param name="builder">The host builder, e.g. <c>Host.CreateApplicationBuilder(args)</c>.</param>
    /// <param name="configure">Changes the options after configuration binding.</param>
    /// <returns>A builder that sink packages extend.</returns>
    public static InstrumentationBuilder AddInstrumentation(this IHostApplicationBuilder builder, Action<InstrumentationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddInstrumentation(configure);
    }
}
