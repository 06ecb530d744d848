using Instrumentation.AI;
using Instrumentation.Probes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.AI;

/// <summary>Adds usage recording to chat client pipelines.</summary>
public static class InstrumentationChatClientBuilderExtensions
{
    /// <summary>
    /// Records every call of the chat client as usage (tokens, cost, failures, latency per model and provider):
    /// <c>chatClient.AsBuilder().UseInstrumentation().Build(services)</c>. Options come from
    /// <c>AddInstrumentation().AddUsage()</c> when the services have them (bound from <c>Instrumentation:Usage</c>),
    /// else the defaults; <paramref name="configure"/> runs last, on this client's own copy. The registry is the services' or the shared one; the
    /// GenAI meter instruments (<see cref="GenAiInstruments"/>) and the budgets (<see cref="UsageBudgets"/>) are used when
    /// <c>AddUsage()</c> registered them.
    /// </summary>
    public static ChatClientBuilder UseInstrumentation(this ChatClientBuilder builder, Action<UsageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            UsageOptions options = services.GetService<IOptions<UsageOptions>>()?.Value.Copy() ?? new UsageOptions();
            configure?.Invoke(options);
            return new InstrumentingChatClient(inner, services.GetService<ProbeRegistry>() ?? ProbeRegistry.Shared, options, services.GetService<GenAiInstruments>(), services.GetService<UsageBudgets>());
        });
    }
}
