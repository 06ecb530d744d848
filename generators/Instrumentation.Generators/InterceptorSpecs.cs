namespace Instrumentation.Generators
{
    /// <summary>What an intercepted method returns, which decides how the interceptor waits for it.</summary>
    internal enum ReturnShape
    {
        Void,
        Value,
        Task,
        TaskOfT,
        ValueTask,
        ValueTaskOfT,
    }

    /// <summary>How a cache lookup's result says hit: a <c>true</c> bool (TryGet), or a non-null value.</summary>
    internal enum HitRule
    {
        None,
        True,
        NotNull,
    }

    /// <summary>A parameter of an intercepted method: as the interceptor declares it and as it passes it on.</summary>
    internal sealed record InterceptedParameter(string Declaration, string Argument);

    /// <summary>Everything needed to write the interceptor of one tracked method, as plain data.</summary>
    /// <param name="Probe">The probe the calls count into.</param>
    /// <param name="MethodKey">The documentation id of the method.</param>
    /// <param name="Name">The method name, escaped for C#.</param>
    /// <param name="ContainingType">The fully qualified containing type.</param>
    /// <param name="Receiver">How the interceptor receives the instance (<c>this T @this</c>), or null for static and extension methods.</param>
    /// <param name="TypeParameters">The method's type parameter list (<c>&lt;T&gt;</c>) or empty.</param>
    /// <param name="Constraints">The method's constraint clauses, or empty.</param>
    /// <param name="ReturnType">The fully qualified return type.</param>
    /// <param name="Shape">How the result completes.</param>
    /// <param name="ResultType">The awaited result type of Task&lt;T&gt;/ValueTask&lt;T&gt;, or the returned type.</param>
    /// <param name="Hit">For cache lookups, how the result says hit.</param>
    /// <param name="Parameters">The parameters, in order.</param>
    internal sealed record InterceptedMethodSpec(
        ProbeShape Probe,
        string MethodKey,
        string Name,
        string ContainingType,
        string? Receiver,
        string TypeParameters,
        string Constraints,
        string ReturnType,
        ReturnShape Shape,
        string? ResultType,
        HitRule Hit,
        EquatableArray<InterceptedParameter> Parameters);

    /// <summary>One call site to intercept.</summary>
    /// <param name="Method">The method called.</param>
    /// <param name="Version">The interceptable location encoding version.</param>
    /// <param name="Data">The opaque location data.</param>
    /// <param name="Display">A readable location for a comment in the generated code.</param>
    /// <param name="Location">The call, for diagnostics.</param>
    internal sealed record CallSiteSpec(InterceptedMethodSpec Method, int Version, string Data, string Display, LocationInfo? Location);

    /// <summary>Whether the compilation can take interceptors: C# 12 or later, with our namespace enabled.</summary>
    internal sealed record InterceptorSupport(bool LanguageVersionSupported, bool NamespaceEnabled);
}
