using System.Runtime.CompilerServices;
using System.Text.Json;
using Instrumentation.Snapshots;
using Microsoft.AspNetCore.Http;

namespace Instrumentation.AspNetCore;

/// <summary>
/// The JSON of a snapshot, serialized once per snapshot and shared by every response that carries it: the
/// snapshot service hands concurrent readers the same snapshot, and this hands them the same bytes.
/// </summary>
internal static class SnapshotJson
{
    private static readonly ConditionalWeakTable<InstrumentationSnapshot, Lazy<byte[]>> s_serialized = [];

    public static Task WriteAsync(HttpResponse response, InstrumentationSnapshot snapshot, CancellationToken cancellationToken)
    {
        byte[] json = s_serialized.GetValue(snapshot, static s => new Lazy<byte[]>(
            () => JsonSerializer.SerializeToUtf8Bytes(s, InstrumentationJsonContext.Default.InstrumentationSnapshot))).Value;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = json.Length;
        return response.Body.WriteAsync(json, cancellationToken).AsTask();
    }
}
