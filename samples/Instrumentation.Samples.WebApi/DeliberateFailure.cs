using Microsoft.AspNetCore.Diagnostics;

namespace Instrumentation.Samples.WebApi;

/// <summary>The failure <c>/boom</c> throws on purpose, so the demo has errors to count.</summary>
public sealed class DeliberateFailureException() : Exception("An unhandled failure, counted as an error.");

/// <summary>
/// Answers the deliberate failure with a 500 ProblemDetails and no stack trace in the log (a handled exception is not
/// logged): the demo's log stays readable while the endpoint still counts as failing. Every other exception is left to
/// the default handling, and logged.
/// </summary>
public sealed class DeliberateFailureHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DeliberateFailureException)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception });
    }
}
