using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Instrumentation.AspNetCore.Tests;

/// <summary>A web app that took the generic host's AddInstrumentation is told that its requests are not recorded.</summary>
public sealed class HostShapeTests
{
    [Fact]
    public async Task A_web_app_using_the_generic_host_form_is_warned_that_requests_are_not_recorded()
    {
        var log = new MessageLog();
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder =>
            {
                builder.Logging.AddProvider(log);
                ((IHostApplicationBuilder)builder).AddInstrumentation();
            },
            web => web.MapInstrumentation());

        Assert.Contains(log.Messages, m => m.Contains("requests to [TrackEndpoint] endpoints are not recorded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_web_app_using_the_web_form_is_not_warned()
    {
        var log = new MessageLog();
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder =>
            {
                builder.Logging.AddProvider(log);
                builder.AddInstrumentation();
            },
            web => web.MapInstrumentation());

        Assert.DoesNotContain(log.Messages, m => m.Contains("not recorded", StringComparison.Ordinal));
    }

    private sealed class MessageLog : ILoggerProvider, ILogger
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
