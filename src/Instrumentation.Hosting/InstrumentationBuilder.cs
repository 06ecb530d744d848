using System.Diagnostics.CodeAnalysis;
using Instrumentation.Collection;
using Instrumentation.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Instrumentation;

/// <summary>
/// Returned by <c>AddInstrumentation()</c>: sink packages extend it (<c>.AddSqlite(...)</c>,
/// <c>.AddRedis(...)</c>, <c>.AddOtlp(...)</c>); <see cref="AddSink{TSink}"/> adds any sink.
/// </summary>
public sealed class InstrumentationBuilder
{
    internal InstrumentationBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The services the builder adds to.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Hands every batch to <paramref name="sink"/> as well; adding the same instance again does nothing.</summary>
    public InstrumentationBuilder AddSink(IInstrumentationSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);

        // The same instance twice is one sink (a sink is never written to concurrently); two instances are two sinks.
        if (!Services.Any(d => d.ServiceType == typeof(IInstrumentationSink) && ReferenceEquals(d.ImplementationInstance, sink)))
        {
            Services.AddSingleton(sink);
        }

        return this;
    }

    /// <summary>Hands every batch to a <typeparamref name="TSink"/> created from the container.</summary>
    public InstrumentationBuilder AddSink<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSink>()
        where TSink : class, IInstrumentationSink
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstrumentationSink, TSink>());
        return this;
    }

    /// <summary>Adds a source that answers a snapshot scope (fleet, history).</summary>
    public InstrumentationBuilder AddSnapshotSource<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSource>()
        where TSource : class, ISnapshotSource
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISnapshotSource, TSource>());
        return this;
    }
}
