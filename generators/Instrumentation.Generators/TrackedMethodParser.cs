using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators
{
    /// <summary>
    /// Turns one method carrying a Track attribute into plain data: a probe method to implement, a
    /// gauge to observe, or an implementation whose call sites are intercepted — with its diagnostics.
    /// Nothing it returns holds a symbol, syntax node or compilation.
    /// </summary>
    internal static class TrackedMethodParser
    {
        public const int MaxTags = Instrumentation.Probes.ProbeLimits.MaxTags;

        /// <summary>The names a <c>[TrackUsage]</c> value parameter may have: the fields they add to.</summary>
        private static readonly string[] UsageValueNames = { "inputTokens", "outputTokens", "costMicros" };

        public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
            node is MethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or AnonymousFunctionExpressionSyntax;

        public static ProbeParseResult Parse(GeneratorAttributeSyntaxContext context, TrackKind kind, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            Location location = context.TargetNode is MethodDeclarationSyntax declaration ? declaration.Identifier.GetLocation() : context.TargetNode.GetLocation();
            if (context.TargetSymbol is not IMethodSymbol method
                || (context.TargetNode is AnonymousFunctionExpressionSyntax && AspNetRoutes.IsRouteHandlerArgument(context.TargetNode, kind, context.SemanticModel, cancellationToken)))
            {
                return new ProbeParseResult(null, null, EquatableArray<DiagnosticInfo>.Empty);
            }

            ProbeMethodSpec? spec = null;
            TrackedImplementationSpec? implementation = null;
            TrackKind[] kinds = TrackAttributes.KindsOn(method).Distinct().ToArray();
            if (kinds.Length > 1)
            {
                // Reported once, by the pipeline of the first attribute; every pipeline generates nothing for it.
                if (kinds[0] == kind)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SeveralTrackAttributes, location, method.Name, TrackAttributes.Name(kinds[0]), TrackAttributes.Name(kinds[1])));
                }

                return new ProbeParseResult(null, null, new EquatableArray<DiagnosticInfo>(diagnostics));
            }

            string? untrackable = context.TargetNode switch
            {
                LocalFunctionStatementSyntax => "a local function",
                AnonymousFunctionExpressionSyntax => "a lambda, which is called through a delegate (ASP.NET Core route handlers passed to Map... are recorded by Instrumentation.AspNetCore)",
                MethodDeclarationSyntax body when IsIterator(body) => "an iterator, whose body runs while the caller enumerates, not when it calls",
                AccessorDeclarationSyntax => "a property or event accessor",
                _ when method.IsAsync && method.ReturnsVoid => "async void, whose completion cannot be observed",
                _ when method.IsExtern => "extern",
                _ when method.IsPartialDefinition && IsInFileLocalType(method) => "in a file-local type, which a generated file cannot extend",
                _ => null,
            };
            if ((method.IsPartialDefinition && method.PartialImplementationPart is not null) || method.PartialDefinitionPart is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ProbeMethodHasBody, location, method.Name, TrackAttributes.Name(kind)));
            }
            else if (untrackable is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CannotTrack, location, TrackAttributes.Name(kind), method.Name, untrackable));
            }
            else if (method.IsPartialDefinition)
            {
                spec = ParseProbeMethod(method, kind, context.Attributes[0], location, diagnostics, cancellationToken);
            }
            else if (kind == TrackKind.Gauge)
            {
                spec = ParseGaugeObserver(method, context.Attributes[0], location, diagnostics);
            }
            else if (kind == TrackKind.Usage)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UsageNeedsProbeMethod, location, method.Name));
            }
            else
            {
                implementation = ParseImplementation(method, kind, context.Attributes[0], location, diagnostics);
            }

            return new ProbeParseResult(spec, implementation, new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        /// <summary>Reads the probe an attribute describes on <paramref name="method"/>; tags from <paramref name="tagParameters"/>.</summary>
        public static ProbeShape ReadShape(IMethodSymbol method, TrackKind kind, AttributeData attribute, IReadOnlyList<TagSpec> tags, bool timed, bool sumsValues = false) =>
            new(
                kind,
                attribute.ConstructorArguments.FirstOrDefault().Value as string ?? $"{NamedContainingType(method).Name}.{method.Name}",
                new EquatableArray<TagSpec>(tags),
                NamedArgument<int>(attribute, "CardinalityLimit"),
                kind == TrackKind.TokenIssue ? LifetimeOrDefault(NamedArgument<int>(attribute, "LifetimeSeconds")) : 0,
                timed,
                sumsValues);

        /// <summary>The tag a parameter becomes, or null (with a diagnostic when <paramref name="diagnostics"/> is given).</summary>
        public static TagSpec? ReadTag(IParameterSymbol parameter, IMethodSymbol method, List<DiagnosticInfo>? diagnostics)
        {
            string tagName = HasTag(parameter) ? TagName(parameter) ?? string.Empty : parameter.Name;
            ITypeSymbol type = parameter.Type;
            TagValueKind? kind = parameter.RefKind != RefKind.None ? null
                : type.SpecialType == SpecialType.System_String ? TagValueKind.Text
                : type.SpecialType == SpecialType.System_Boolean ? TagValueKind.Bool
                : type.TypeKind == TypeKind.Enum ? TagValueKind.Enum
                : IsInteger(type) ? TagValueKind.Number
                : null;
            Location? location = parameter.Locations.FirstOrDefault();
            if (kind is null)
            {
                string shown = CSharpNames.RefPrefix(parameter.RefKind) + type.ToDisplayString();
                diagnostics?.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedTagType, location, parameter.Name, method.Name, shown));
                return null;
            }

            if (!MetricNameRules.IsValidTagName(tagName))
            {
                diagnostics?.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTagName, location, tagName, parameter.Name));
                return null;
            }

            if (kind != TagValueKind.Enum)
            {
                return new TagSpec(tagName, CSharpNames.Escape(parameter.Name), kind.Value, null, EquatableArray<string>.Empty);
            }

            var seen = new HashSet<object?>();
            ImmutableArray<IFieldSymbol> fields = type.GetMembers()
                .OfType<IFieldSymbol>()
                .Where(f => f.IsConst && f.HasConstantValue && seen.Add(f.ConstantValue))
                .ToImmutableArray();
            bool intSized = ((INamedTypeSymbol)type).EnumUnderlyingType?.SpecialType is SpecialType.System_Byte or SpecialType.System_SByte
                or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32;
            bool valueIsIndex = intSized && fields.Select((f, i) => Convert.ToInt64(f.ConstantValue, CultureInfo.InvariantCulture) == i).All(same => same);
            return new TagSpec(
                tagName,
                CSharpNames.Escape(parameter.Name),
                TagValueKind.Enum,
                type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                new EquatableArray<string>(fields.Select(f => CSharpNames.Escape(f.Name))),
                valueIsIndex);
        }

        /// <summary>The name a <c>[Tag]</c> attribute gives the parameter, or null when it has none (or gives null).</summary>
        public static string? TagName(IParameterSymbol parameter) =>
            TrackAttributes.Get(parameter, TrackAttributes.Tag)?.ConstructorArguments.FirstOrDefault().Value as string;

        /// <summary>Whether the parameter carries <c>[Tag]</c>, which makes a parameter of a tracked implementation a tag.</summary>
        public static bool HasTag(IParameterSymbol parameter) =>
            TrackAttributes.Get(parameter, TrackAttributes.Tag) is not null;

        /// <summary>Whether the parameter carries <c>[Value]</c>.</summary>
        public static bool HasValue(IParameterSymbol parameter) =>
            TrackAttributes.Get(parameter, TrackAttributes.Value) is not null;

        /// <summary>Whether a probe read at a call site passes the checks its declaration was held to (which reported otherwise).</summary>
        public static bool IsValid(ProbeShape probe, IMethodSymbol method, AttributeData attribute)
        {
            var problems = new List<DiagnosticInfo>();
            CheckShape(probe, method, attribute, Location.None, problems);
            return problems.Count == 0;
        }

        public static bool IsInteger(ITypeSymbol type) => type.SpecialType is
            SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16 or
            SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64;

        private static ProbeMethodSpec? ParseProbeMethod(IMethodSymbol method, TrackKind kind, AttributeData attribute, Location location, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            string attributeName = TrackAttributes.Name(kind);
            if (!method.IsStatic)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ProbeMethodMustBeStatic, location, method.Name));
                return null;
            }

            if (method.IsGenericMethod)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CannotTrack, location, attributeName, method.Name, "a generic probe method (its series cannot depend on a type argument)"));
                return null;
            }

            bool returnsScope = method.ReturnType.ToDisplayString() == (kind == TrackKind.Usage ? TrackAttributes.UsageScope : TrackAttributes.TrackingScope);
            string? expectedReturn = kind switch
            {
                TrackKind.Usage when !returnsScope && !method.ReturnsVoid => "void, or Instrumentation.UsageScope to time each call and add its tokens on the scope",
                TrackKind.Endpoint when !returnsScope => "Instrumentation.TrackingScope, which times the block it is disposed at the end of",
                TrackKind.Event when !returnsScope && !method.ReturnsVoid => "void, or Instrumentation.TrackingScope to time each occurrence",
                TrackKind.TokenIssue or TrackKind.TokenRevoke or TrackKind.CacheLookup or TrackKind.CacheEviction or TrackKind.Gauge when !method.ReturnsVoid => "void",
                _ => null,
            };
            if (expectedReturn is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ProbeMethodReturnType, location, method.Name, attributeName, expectedReturn));
            }

            string? outcome = null;
            string? value = null;
            var usageValues = new Dictionary<string, string>(StringComparer.Ordinal);
            var tags = new List<TagSpec>();
            var notes = new List<DiagnosticInfo>();
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool byValue = parameter.RefKind == RefKind.None;
                if (HasValue(parameter))
                {
                    string? problem = kind is not (TrackKind.Event or TrackKind.Usage) ? $"[Value] adds to an event's valueSum or a usage field, and '{method.Name}' is a [{attributeName}] probe method"
                        : HasTag(parameter) ? "it also carries [Tag]; a parameter is a tag or a value, not both"
                        : !byValue || !IsInteger(parameter.Type) ? $"it is '{CSharpNames.RefPrefix(parameter.RefKind)}{parameter.Type.ToDisplayString()}', and a value is an integer (sbyte to long) passed by value"
                        : kind == TrackKind.Usage && !UsageValueNames.Contains(parameter.Name) ? $"a [TrackUsage] value adds to the field it is named after, and '{parameter.Name}' names none: name it {string.Join(", ", UsageValueNames)}"
                        : kind == TrackKind.Event && value is not null ? $"'{value}' already is; a probe method has one [Value]"
                        : null;
                    if (problem is null && kind == TrackKind.Usage)
                    {
                        usageValues[parameter.Name] = CSharpNames.Escape(parameter.Name);
                    }
                    else if (problem is null)
                    {
                        value = parameter.Name;
                    }
                    else
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidValueParameter, parameter.Locations.FirstOrDefault(), parameter.Name, method.Name, problem));
                    }
                }
                else if (kind == TrackKind.CacheLookup && parameter.Name == "hit" && parameter.Type.SpecialType == SpecialType.System_Boolean && byValue)
                {
                    outcome = parameter.Name;
                }
                else if (kind == TrackKind.Gauge && parameter.Name == "delta" && IsInteger(parameter.Type) && byValue)
                {
                    outcome = parameter.Name;
                }
                else if (kind == TrackKind.Usage && parameter.Name == "failed" && parameter.Type.SpecialType == SpecialType.System_Boolean && byValue && !HasTag(parameter))
                {
                    if (returnsScope)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TimedUsageFailedParameter, parameter.Locations.FirstOrDefault(), method.Name));
                    }

                    outcome = parameter.Name;
                }
                else if (ReadTag(parameter, method, diagnostics) is { } tag)
                {
                    tags.Add(tag);
                    if (kind is TrackKind.Event or TrackKind.Usage && tag.Kind == TagValueKind.Number && !HasTag(parameter) && AmountNames.Suggests(parameter.Name))
                    {
                        notes.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AmountLikeTag, parameter.Locations.FirstOrDefault(), parameter.Name, method.Name, tag.Name));
                    }
                }
            }

            if (kind == TrackKind.CacheLookup && outcome is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CacheLookupNeedsHit, location, method.Name));
            }

            if (kind == TrackKind.Gauge && outcome is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidGauge, location, method.Name));
            }

            ProbeShape probe = ReadShape(method, kind, attribute, tags, timed: kind == TrackKind.Endpoint || (kind is TrackKind.Event or TrackKind.Usage && returnsScope), sumsValues: value is not null);
            CheckShape(probe, method, attribute, location, diagnostics);
            bool failed = diagnostics.Count > 0;

            // INSTR026 suggests [Value], so it is said only where one can still be added (a usage method takes three).
            if (value is null)
            {
                diagnostics.AddRange(notes);
            }

            UsageValueSpec? usage = kind != TrackKind.Usage ? null
                : new UsageValueSpec(Named("inputTokens"), Named("outputTokens"), Named("costMicros"));
            string? Named(string field) => usageValues.TryGetValue(field, out string? parameter) ? parameter : null;
            if (!failed && usage is { CostMicros: null } && (usage.Any || returnsScope) && !tags.Any(t => t.Name == "model"))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UsageCannotBePriced, location, method.Name));
            }
            if (failed)
            {
                return null;
            }

            return new ProbeMethodSpec(
                probe,
                NamespaceOf(method.ContainingType),
                ContainingTypes(method.ContainingType),
                method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                CSharpNames.Escape(method.Name),
                Modifiers(method),
                method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(CSharpNames.TypeFormat),
                new EquatableArray<ParameterSpec>(method.Parameters.Select(p => new ParameterSpec(CSharpNames.ParameterDeclaration(p)))),
                outcome is null ? null : CSharpNames.Escape(outcome),
                returnsScope,
                GaugeObserverCall: null,
                LocationInfo.From(location),
                CSharpNames.LocalPrefix(method),
                GeneratedMarks.For(method),
                value is null ? null : CSharpNames.Escape(value),
                usage);
        }

        private static ProbeMethodSpec? ParseGaugeObserver(IMethodSymbol method, AttributeData attribute, Location location, List<DiagnosticInfo> diagnostics)
        {
            bool readable = method.IsStatic
                && method.Parameters.Length == 0
                && !method.IsGenericMethod
                && IsInteger(method.ReturnType)
                && CallShape.AllTypeParameters(method).Count == 0
                && InterceptionRules.WhyNot(method) is null;
            if (!readable)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidGauge, location, method.Name));
                return null;
            }

            ProbeShape probe = ReadShape(method, TrackKind.Gauge, attribute, [], timed: false);
            CheckShape(probe, method, attribute, location, diagnostics);
            if (diagnostics.Count > 0)
            {
                return null;
            }

            string type = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            return new ProbeMethodSpec(
                probe,
                NamespaceOf(method.ContainingType),
                EquatableArray<ContainingTypeSpec>.Empty,
                type,
                CSharpNames.Escape(method.Name),
                string.Empty,
                string.Empty,
                EquatableArray<ParameterSpec>.Empty,
                OutcomeParameter: null,
                ReturnsScope: false,
                GaugeObserverCall: $"{type}.{CSharpNames.Escape(method.Name)}()",
                LocationInfo.From(location),
                LocalPrefix: string.Empty,
                Marks: EquatableArray<string>.Empty);
        }

        private static TrackedImplementationSpec? ParseImplementation(IMethodSymbol method, TrackKind kind, AttributeData attribute, Location location, List<DiagnosticInfo> diagnostics)
        {
            if (InterceptionRules.WhyNot(method) is { } reason)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CannotIntercept, location, method.Name, reason));
                return null;
            }

            if (kind == TrackKind.CacheLookup && CallShape.HitRuleOf(method) == HitRule.None)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CacheLookupResult, location, method.Name));
                return null;
            }

            foreach (IParameterSymbol parameter in method.Parameters.Where(HasValue))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidValueParameter,
                    parameter.Locations.FirstOrDefault(),
                    parameter.Name,
                    method.Name,
                    $"[Value] works on a [TrackEvent] probe method (static partial, no body); call one from '{method.Name}' with the amount"));
            }

            if (diagnostics.Count > 0)
            {
                return null;
            }

            var tags = new List<TagSpec>();
            foreach (IParameterSymbol parameter in method.Parameters.Where(HasTag))
            {
                if (ReadTag(parameter, method, diagnostics) is { } tag)
                {
                    tags.Add(tag);
                }
            }

            ProbeShape probe = ReadShape(method, kind, attribute, tags, TrackAttributes.IsTimed(kind, attribute));
            CheckShape(probe, method, attribute, location, diagnostics);
            if (diagnostics.Count > 0)
            {
                return null;
            }

            if (LanguagePattern(method) is { } pattern)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CalledByTheLanguage, location, method.Name, pattern));
            }

            bool reachedThroughBase = false;
            if (TrackedDispatch.BaseMember(method) is { } baseMember && TrackedDispatch.Find(baseMember) is null)
            {
                reachedThroughBase = true;
                string baseName = $"{baseMember.ContainingType.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}.{baseMember.Name}";
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.BaseCallsNotCounted,
                    location,
                    TrackAttributes.Name(kind),
                    $"{method.ContainingType.Name}.{method.Name}",
                    method.ContainingType.Name,
                    baseName,
                    baseMember.Locations.Any(l => l.IsInSource)
                        ? $"put the attribute on '{baseName}' to count every call, or call a probe method inside '{method.Name}'"
                        : $"'{baseName}' is declared outside this code, so if calls through it matter, call a probe method inside '{method.Name}'"));
            }

            return new TrackedImplementationSpec(probe, CallShape.KeyOf(method), method.Name, IsCalledByFramework(method) || reachedThroughBase, LocationInfo.From(location), IsPublicOutside(method));
        }

        private static void CheckShape(ProbeShape probe, IMethodSymbol method, AttributeData attribute, Location location, List<DiagnosticInfo> diagnostics)
        {
            foreach (string duplicate in probe.Tags.GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateTagName, location, method.Name, duplicate));
            }

            if (NamedArgument<int>(attribute, "CardinalityLimit") < 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttributeArgument, location, "CardinalityLimit", NamedArgument<int>(attribute, "CardinalityLimit").ToString(CultureInfo.InvariantCulture), method.Name, "leave it out (or 0) for the registry's default, or give the most series the probe may keep, at least 1"));
            }

            if (NamedArgument<int>(attribute, "LifetimeSeconds") < 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttributeArgument, location, "LifetimeSeconds", NamedArgument<int>(attribute, "LifetimeSeconds").ToString(CultureInfo.InvariantCulture), method.Name, "leave it out (or 0) for one hour, or give how long an issued token lives, in seconds"));
            }

            if (probe.Tags.Where(t => t.IsChoice).Aggregate(1.0, (product, tag) => product * tag.ChoiceCount) > Instrumentation.Probes.ProbeLimits.MaxChoiceCombinations)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooManyCombinations, location, method.Name));
            }

            if (!MetricNameRules.IsValidMetricName(probe.MetricName))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMetricName, location, probe.MetricName, method.Name, TrackAttributes.Name(probe.Kind)));
            }

            if (probe.Tags.Count > MaxTags)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooManyTags, location, method.Name, probe.Tags.Count.ToString(CultureInfo.InvariantCulture)));
            }
        }

        /// <summary>Controller actions are invoked by ASP.NET Core, never from a call site the generator sees.</summary>
        private static bool IsCalledByFramework(IMethodSymbol method)
        {
            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.BaseType)
            {
                if (type.Name is "ControllerBase" or "Controller" || type.GetAttributes().Any(a => a.AttributeClass?.Name == "ApiControllerAttribute"))
                {
                    return true;
                }
            }

            return false;
        }

        private static T? NamedArgument<T>(AttributeData attribute, string name) =>
            attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value is T value ? value : default;

        private static int LifetimeOrDefault(int seconds) => seconds > 0 ? seconds : 3600;

        /// <summary>The nearest containing type a person can name (a C# 14 extension block's type has no name).</summary>
        private static INamedTypeSymbol NamedContainingType(IMethodSymbol method)
        {
            INamedTypeSymbol type = method.ContainingType;
            while (!type.CanBeReferencedByName && type.ContainingType is { } outer)
            {
                type = outer;
            }

            return type;
        }

        private static bool IsPublicOutside(IMethodSymbol method)
        {
            for (ISymbol? symbol = method; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
            {
                if (symbol.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The construct through which the compiler calls a method of this shape, where no call is written.</summary>
        private static string? LanguagePattern(IMethodSymbol method) => method.Name switch
        {
            "GetEnumerator" or "GetAsyncEnumerator" when !method.IsStatic => "foreach",
            "Add" when !method.IsStatic && method.ContainingType.AllInterfaces.Any(i => i.ToDisplayString() == "System.Collections.IEnumerable") => "a collection initializer",
            "Deconstruct" when method.Parameters.Length > 0 && method.Parameters.All(p => p.RefKind == RefKind.Out) => "deconstruction",
            "Dispose" or "DisposeAsync" when !method.IsStatic && method.Parameters.Length == 0 => "using",
            "GetAwaiter" => "await",
            "GetPinnableReference" => "fixed",
            "Select" or "SelectMany" or "Where" or "OrderBy" or "OrderByDescending" or "ThenBy" or "ThenByDescending"
                or "GroupBy" or "Join" or "GroupJoin" or "Cast" => "query expressions",
            _ => null,
        };

        /// <summary>A body with <c>yield</c> (outside nested lambdas and local functions) is an iterator.</summary>
        private static bool IsIterator(MethodDeclarationSyntax declaration) =>
            declaration.Body is { } body
            && body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<YieldStatementSyntax>().Any();

        private static bool IsInFileLocalType(IMethodSymbol method)
        {
            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsFileLocal)
                {
                    return true;
                }
            }

            return false;
        }

        private static string? NamespaceOf(INamedTypeSymbol type) =>
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();

        private static EquatableArray<ContainingTypeSpec> ContainingTypes(INamedTypeSymbol type)
        {
            var chain = new List<ContainingTypeSpec>();
            for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
            {
                string keyword = current switch
                {
                    { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                    { IsRecord: true } => "record",
                    { TypeKind: TypeKind.Struct } => "struct",
                    { TypeKind: TypeKind.Interface } => "interface",
                    _ => "class",
                };
                string name = CSharpNames.Escape(current.Name);
                if (current.TypeParameters.Length > 0)
                {
                    name += "<" + string.Join(", ", current.TypeParameters.Select(t => CSharpNames.Escape(t.Name))) + ">";
                }

                chain.Insert(0, new ContainingTypeSpec(keyword, name));
            }

            return new EquatableArray<ContainingTypeSpec>(chain);
        }

        private static string Modifiers(IMethodSymbol method)
        {
            string accessibility = method.DeclaredAccessibility switch
            {
                Accessibility.Public => "public ",
                Accessibility.Internal => "internal ",
                Accessibility.Protected => "protected ",
                Accessibility.ProtectedOrInternal => "protected internal ",
                Accessibility.ProtectedAndInternal => "private protected ",
                _ => HasExplicitPrivate(method) ? "private " : string.Empty,
            };
            return accessibility + "static partial";
        }

        private static bool HasExplicitPrivate(IMethodSymbol method) =>
            method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is MethodDeclarationSyntax syntax
            && syntax.Modifiers.Any(m => m.IsKind(SyntaxKind.PrivateKeyword));
    }
}
