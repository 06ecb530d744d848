using Microsoft.Extensions.Options;

namespace Instrumentation.AI;

/// <summary>Fails start-up with <see cref="UsageOptions.Validate"/>'s message, which names the setting.</summary>
internal sealed class UsageOptionsValidator : IValidateOptions<UsageOptions>
{
    public ValidateOptionsResult Validate(string? name, UsageOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
