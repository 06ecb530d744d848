using Instrumentation.Snapshots;
using Microsoft.Extensions.Options;

namespace Instrumentation.Hosting;

/// <summary>Checks <see cref="InstrumentationOptions"/> at start-up; each failure names the setting and its range.</summary>
internal sealed class InstrumentationOptionsValidator : IValidateOptions<InstrumentationOptions>
{
    public ValidateOptionsResult Validate(string? name, InstrumentationOptions options)
    {
        var failures = new List<string>();
        try
        {
            options.ToCollectorOptions().Validate();
        }
        catch (ArgumentException exception)
        {
            failures.Add(exception.Message.Split(" (Parameter", 2)[0]);
        }

        if (options.CardinalityLimit is < 1 or > 100_000)
        {
            failures.Add($"Instrumentation:CardinalityLimit is {options.CardinalityLimit}; use a value from 1 to 100000 (default 1000).");
        }

        if (options.MaxSeries is < 1 or > 10_000_000)
        {
            failures.Add($"Instrumentation:MaxSeries is {options.MaxSeries}; use a value from 1 to 10000000 (default 100000).");
        }

        if (!SnapshotWindow.TryParse(options.DefaultWindow, out _))
        {
            failures.Add($"Instrumentation:DefaultWindow is '{options.DefaultWindow}'; use 1m, 5m or 1h (default 1m).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
