using Microsoft.AspNetCore.Http;

namespace Instrumentation.AspNetCore;

/// <summary>How the instrumentation routes answer a bad request: a ProblemDetails naming the query parameter.</summary>
internal static class InstrumentationProblem
{
    /// <summary>Writes a 400 ProblemDetails: which parameter, what it was, what it takes.</summary>
    internal static Task BadQueryAsync(HttpContext context, string parameter, string value, string expected) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid query parameter", $"The query parameter '{parameter}' is '{value}'; use {expected}.", parameter);

    /// <summary>Writes a ProblemDetails; <paramref name="parameter"/>, when given, names the query parameter at fault.</summary>
    internal static Task WriteAsync(HttpContext context, int status, string title, string detail, string? parameter) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: parameter is null ? null : new Dictionary<string, object?> { ["parameter"] = parameter }).ExecuteAsync(context);
}
