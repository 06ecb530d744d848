using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Instrumentation.Alerts;

/// <summary>
/// POSTs each notification as JSON (<see cref="AlertNotification"/>, camelCase) to a URL, in the order they came, off the
/// evaluation's path: a queue in front of one sender that retries a network error, a timeout, a 408, a 429 or a 5xx with
/// doubling delays. Delivery is at least once (a POST that timed out may have arrived): receivers drop repeats by
/// <see cref="AlertNotification.Id"/>. When the host stops, after its last collection was evaluated, it keeps posting what
/// is queued for at most one <see cref="AlertWebhookOptions.Timeout"/> (<see cref="FlushAsync"/>). Logs name the URL by scheme and host only, never its path or the headers.
/// </summary>
internal sealed partial class AlertWebhook : IAlertHandler, IDisposable
{
    private readonly AlertWebhookOptions _options;
    private readonly HttpClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<AlertNotification> _queue;
    private readonly string _shownUrl;
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task _sending;
    private int _disposed;
    private bool _posting;

    public AlertWebhook(AlertWebhookOptions options, TimeProvider? timeProvider = null, ILogger<AlertWebhook>? logger = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Failures().FirstOrDefault() is { } failure)
        {
            throw new ArgumentException(failure, nameof(options));
        }

        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _client = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = options.Timeout };
        _queue = Channel.CreateBounded<AlertNotification>(
            new BoundedChannelOptions(options.MaxQueued) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => LogDropped(_logger, dropped.Id, _shownUrl!, "the queue was full"));
        _shownUrl = $"{options.Url!.Scheme}://{options.Url.Authority}/…";
        _sending = Task.Run(SendAllAsync, CancellationToken.None);
    }

    /// <summary>Queues the notification; never waits for the POST.</summary>
    public ValueTask OnAlertAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!_queue.Writer.TryWrite(notification))
        {
            LogDropped(_logger, notification.Id, _shownUrl, "it came after the webhook was drained");
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Takes no more notifications and waits while the sender posts what is queued, for at most one
    /// <see cref="AlertWebhookOptions.Timeout"/> and never past <paramref name="cancellationToken"/> (the host's shutdown
    /// timeout); what is left is logged as dropped.
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.Timeout);
        await using CancellationTokenRegistration abandon = limit.Token.Register(_abandon.Cancel);
        await _sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Stops the sender and the client; the container may call it once per registration of this instance.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _abandon.Cancel();
        _client.Dispose();
        _abandon.Dispose();
    }

    /// <summary>Posts until the queue is completed and empty, or stopping is abandoned.</summary>
    private async Task SendAllAsync()
    {
        try
        {
            await foreach (AlertNotification notification in _queue.Reader.ReadAllAsync(_abandon.Token).ConfigureAwait(false))
            {
                _posting = true;
                await PostAsync(notification, _abandon.Token).ConfigureAwait(false);
                _posting = false;
            }
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            LogAbandoned(_logger, _queue.Reader.Count + (_posting ? 1 : 0), _shownUrl);
        }
    }

    private async Task PostAsync(AlertNotification notification, CancellationToken abandon)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(notification, AlertJsonContext.Default.AlertNotification);
        TimeSpan delay = _options.RetryDelay;
        for (int attempt = 1; ; attempt++)
        {
            string outcome;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                foreach ((string name, string value) in _options.Headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                using HttpResponseMessage response = await _client.SendAsync(request, abandon).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                outcome = $"HTTP {(int)response.StatusCode}";
                if (!Retried(response.StatusCode))
                {
                    LogRefused(_logger, notification.Id, _shownUrl, (int)response.StatusCode);
                    return;
                }
            }
            catch (HttpRequestException exception)
            {
                outcome = exception.HttpRequestError.ToString();
            }
            catch (TaskCanceledException) when (!abandon.IsCancellationRequested)
            {
                outcome = "a timeout";
            }
#pragma warning disable CA1031 // Whatever a POST throws, the sender goes on with the next notification.
            catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
            {
                outcome = exception.GetType().Name;
            }

            if (attempt >= _options.MaxAttempts)
            {
                LogDropped(_logger, notification.Id, _shownUrl, $"{attempt} attempts failed, the last with {outcome}");
                return;
            }

            LogRetrying(_logger, notification.Id, _shownUrl, outcome, delay);
            await Task.Delay(delay, _time, abandon).ConfigureAwait(false);
            delay = delay * 2 < _options.MaxRetryDelay ? delay * 2 : _options.MaxRetryDelay;
        }
    }

    [LoggerMessage(4, LogLevel.Error, "The host stopped before {Count} alert notification(s) reached the webhook {Url}; they were dropped.")]
    private static partial void LogAbandoned(ILogger logger, int count, string url);

    private static bool Retried(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    [LoggerMessage(1, LogLevel.Warning, "The alert webhook {Url} did not take notification {Id} ({Outcome}); retrying in {Delay}.")]
    private static partial void LogRetrying(ILogger logger, string id, string url, string outcome, TimeSpan delay);

    [LoggerMessage(2, LogLevel.Error, "The alert webhook {Url} refused notification {Id} with HTTP {Status}; it is not retried.")]
    private static partial void LogRefused(ILogger logger, string id, string url, int status);

    [LoggerMessage(3, LogLevel.Error, "Alert notification {Id} for the webhook {Url} was dropped: {Reason}.")]
    private static partial void LogDropped(ILogger logger, string id, string url, string reason);
}
