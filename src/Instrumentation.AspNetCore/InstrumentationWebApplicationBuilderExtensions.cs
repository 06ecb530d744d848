using Instrumentation;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// <c>builder.AddInstrumentation()</c> for web apps: chosen over the generic host's form, so a web app records
/// requests whichever of the two it calls.
/// </summary>
public static class InstrumentationWebApplicationBuilderExtensions
{
    /// <summary>Adds Instrumentation with request recording to the app's services (see <c>services.AddInstrumentation()</c>).</summary>
    /// <param name="builder">The web app's builder.</param>
    /// <param name="configure">Changes the options after configuration binding.</param>
    /// <returns>A builder that sink packages extend.</returns>
    public static InstrumentationBuilder AddInstrumentation(this WebApplicationBuilder builder, Action<InstrumentationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Microsoft.Extensions.DependencyInjection.InstrumentationServiceCollectionExtensions.AddInstrumentation(builder.Services, configure);
    }
}
