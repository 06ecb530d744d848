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
    /// <param name="Receiver">How the interceptor receives the instance (<c>this T __this</c>), or null for static and extension methods.</param>
    /// <param name="TypeParameters">The method's type parameter list (<c>&lt;T&gt;</c>) or empty.</param>
    /// <param name="TypeArguments">The same list as type arguments (<c>&lt;T&gt;</c>), for the call.</param>
    /// <param name="Constraints">The method's constraint clauses, or empty.</param>
    /// <param name="ReturnType">The fully qualified return type.</param>
    /// <param name="Shape">How the result completes.</param>
    /// <param name="Hit">For cache lookups, how the result says hit.</param>
    /// <param name="Parameters">The parameters, in order.</param>
    /// <param name="Attributes">Attributes copied from the method (and its return value), one per line.</param>
    /// <param name="DoesNotReturn">The method is <c>[DoesNotReturn]</c>.</param>
    /// <param name="IsUnsafe">The signature has pointers, so the interceptor is <c>unsafe</c>.</param>
    /// <param name="LocalPrefix">The prefix of generated locals, chosen not to clash with the method's names.</param>
    /// <param name="NamesShadowed">A parameter or type parameter is named like a name the body uses unqualified (<c>Probe3</c>, <c>PendingCall</c>), so the body qualifies them all.</param>
    internal sealed record InterceptedMethodSpec(
        ProbeShape Probe,
        string MethodKey,
        string Name,
        string ContainingType,
        string? Receiver,
        string TypeParameters,
        string TypeArguments,
        string Constraints,
        string ReturnType,
        ReturnShape Shape,
        HitRule Hit,
        EquatableArray<InterceptedParameter> Parameters,
        EquatableArray<string> Attributes,
        bool DoesNotReturn,
        bool IsUnsafe,
        string LocalPrefix,
        bool NamesShadowed);

    /// <summary>One call site to intercept.</summary>
    /// <param name="Method">The method called.</param>
    /// <param name="TrackedMethodKey">The documentation id of the member whose attribute counts the call (the method, or the base or interface member it dispatches through).</param>
    /// <param name="Version">The interceptable location encoding version.</param>
    /// <param name="Data">The opaque location data.</param>
    /// <param name="Display">A readable location for a comment in the generated code.</param>
    /// <param name="FilePath">The file that holds the call: interceptors are written one file per calling file.</param>
    /// <param name="Location">The call, for diagnostics.</param>
    internal sealed record CallSiteSpec(InterceptedMethodSpec Method, string TrackedMethodKey, int Version, string Data, string Display, string FilePath, LocationInfo? Location);

    /// <summary>The interceptors of the calls in one source file: one generated file.</summary>
    internal sealed record InterceptorFileSpec(string HintName, EquatableArray<CallSiteSpec> CallSites);

    /// <summary>Whether the compilation can take interceptors: C# 12 or later, with our namespace enabled.</summary>
    internal sealed record InterceptorSupport(bool LanguageVersionSupported, bool NamespaceEnabled);
}
