// A small web API that shows every signal kind. Start it with self-generated traffic:
//   dotnet run --project samples/Instrumentation.Samples.WebApi -- --demo
// then open http://localhost:5000/instrumentation/dashboard (or /instrumentation/snapshot, /metrics for Prometheus), or watch
//   dotnet-counters monitor -n Instrumentation.Samples.WebApi --counters Instrumentation
using Instrumentation;
using Instrumentation.AspNetCore;
using Instrumentation.Samples.WebApi;
using Microsoft.Extensions.AI;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
InstrumentationBuilder instrumentation = builder.Services.AddInstrumentation()   // options from the "Instrumentation" section of appsettings.json
    .AddSqlite(o => o.Path = Path.Combine(builder.Environment.ContentRootPath, "data", "instrumentation.db"))   // history: ?scope=history
    .AddPrometheus()                                                                                             // GET /metrics
    .AddUsage();                                                                                                 // LLM prices and budgets from Instrumentation:Usage
if (builder.Configuration["Instrumentation:Otlp:Endpoint"] is not null)
{
    instrumentation.AddOtlp();   // e.g. --Instrumentation:Otlp:Endpoint=http://localhost:4317 to send to a collector
}
// Two LLM providers, each a local stand-in (no network, no key), recorded by UseInstrumentation().
builder.Services.AddKeyedChatClient("openai", _ => new SampleChatClient("openai", "gpt-4o")).UseInstrumentation();
builder.Services.AddKeyedChatClient("anthropic", _ => new SampleChatClient("anthropic", "claude-sonnet")).UseInstrumentation();
builder.Services.AddControllers();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<DeliberateFailureHandler>();   // /boom's failure: a 500, no stack trace per request
builder.Services.AddSingleton<TokenService>();
builder.Services.AddSingleton<ProductCache>();
if (args.Contains("--demo"))
{
    builder.Services.AddHostedService<DemoTraffic>();
}

WebApplication app = builder.Build();
app.UseExceptionHandler();

app.MapGet("/orders/checkout", [TrackEndpoint("orders.checkout")] async (string client) =>
{
    await Task.Delay(Random.Shared.Next(2, 25));
    return Random.Shared.Next(25) == 0 ? Results.StatusCode(StatusCodes.Status500InternalServerError) : Results.Ok(new { client, total = 42 });
});

app.MapGet("/documents/edit", Handlers.EditDocument);

app.MapGet("/tokens", (TokenService tokens) =>
{
    string token = tokens.Issue("mobile");
    if (Random.Shared.Next(4) == 0)
    {
        tokens.Revoke("mobile", token);
    }

    return Results.Ok(new { token });
});

app.MapGet("/assistant/ask", async (string provider, string? model, string question, IServiceProvider services, CancellationToken cancellationToken) =>
{
    if (services.GetKeyedService<IChatClient>(provider) is not { } chat)
    {
        return Results.Problem($"No chat client for provider '{provider}'; use openai or anthropic.", statusCode: StatusCodes.Status400BadRequest);
    }

    try
    {
        ChatResponse answer = await chat.GetResponseAsync(question, new ChatOptions { ModelId = model }, cancellationToken);
        return Results.Ok(new { answer = answer.Text, model = answer.ModelId });
    }
    catch (Instrumentation.AI.UsageBudgetExceededException spent)
    {
        return Results.Problem(spent.Message, statusCode: StatusCodes.Status429TooManyRequests);
    }
});

app.MapGet("/boom", [TrackEndpoint] string () => throw new DeliberateFailureException());

app.MapControllers();

// One line mounts the snapshot API. A real app decides who may read it, e.g. .RequireAuthorization("ops").
app.MapInstrumentation();
app.MapPrometheusScrapingEndpoint();

app.Run();

/// <summary>A handler passed as a method group: the AspNetCore package records its requests.</summary>
internal static class Handlers
{
    [TrackEndpoint("documents.edit")]
    public static IResult EditDocument()
    {
        DocumentProbes.Edited((Aspect)Random.Shared.Next(3));
        return Results.NoContent();
    }
}
