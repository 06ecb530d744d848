using Instrumentation.Fleet;
using Instrumentation.History;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Instrumentation.Alerts;

/// <summary>
/// Checks the alert rules when the host starts: each bad setting stops start-up with a message naming the rule and the
/// setting, and so does a rule needing a part that is not configured (history for a trend, Redis for a fleet rule).
/// </summary>
internal sealed class AlertOptionsValidator(IServiceProvider services) : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var failures = new List<string>();
        if (options.NotAList is { } problem)
        {
            failures.Add(problem);
        }

        IReadOnlyList<CompiledRule> rules = CompiledRule.CompileAll(options.Rules, failures);
        failures.AddRange(AlertEvaluator.MissingParts(rules, services.GetService<IHistoryQueries>() is not null, services.GetService<IFleetAlertCoordinator>() is not null));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
