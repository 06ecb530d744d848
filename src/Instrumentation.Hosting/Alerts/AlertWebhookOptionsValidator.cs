using Microsoft.Extensions.Options;

namespace Instrumentation.Alerts;

/// <summary>Checks <see cref="AlertWebhookOptions"/> at start-up; each failure names the setting.</summary>
internal sealed class AlertWebhookOptionsValidator : IValidateOptions<AlertWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertWebhookOptions options)
    {
        string[] failures = [.. options.Failures()];
        return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
