using Instrumentation;
using Instrumentation.Alerts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the alert webhook.</summary>
public static class AlertWebhookInstrumentationBuilderExtensions
{
    /// <summary>
    /// POSTs every alert notification (a rule of <c>Instrumentation:Alerts</c> starting to fire or resolving) as JSON to a
    /// URL, with retries, off the evaluation's path. Options bind from <c>Instrumentation:AlertWebhook</c>, then
    /// <paramref name="configure"/> runs; a missing or bad URL stops start-up naming the setting.
    /// </summary>
    public static InstrumentationBuilder AddAlertWebhook(this InstrumentationBuilder builder, Action<AlertWebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(AlertWebhook)))
        {
            return builder;
        }

        OptionsBuilder<AlertWebhookOptions> options = builder.Services.AddOptions<AlertWebhookOptions>().Configure<IServiceProvider>(
            static (options, provider) => provider.GetService<IConfiguration>()?.GetSection(AlertWebhookOptions.SectionName).Bind(options));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertWebhookOptions>, AlertWebhookOptionsValidator>());
        builder.Services.AddSingleton(static provider => new AlertWebhook(
            provider.GetRequiredService<IOptions<AlertWebhookOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<AlertWebhook>>()));
        builder.Services.AddSingleton<IAlertHandler>(static p => p.GetRequiredService<AlertWebhook>());
        return builder;
    }
}
