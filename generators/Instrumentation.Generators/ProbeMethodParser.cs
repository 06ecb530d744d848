using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators
{
    /// <summary>
    /// Turns one method carrying a Track attribute into a <see cref="ProbeMethodSpec"/> and its
    /// diagnostics. Nothing it returns holds a symbol, syntax node or compilation.
    /// </summary>
    internal static class ProbeMethodParser
    {
        public const int MaxTags = 8;
        private const string TagAttribute = "Instrumentation.TagAttribute";
        private const string TrackingScope = "Instrumentation.TrackingScope";

        private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
            node is MethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax;

        public static ProbeParseResult Parse(GeneratorAttributeSyntaxContext context, TrackKind kind, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            ProbeMethodSpec? spec = Parse(context, kind, diagnostics, cancellationToken);
            return new ProbeParseResult(spec, new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        private static ProbeMethodSpec? Parse(GeneratorAttributeSyntaxContext context, TrackKind kind, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            string attributeName = AttributeName(kind);
            Location location = context.TargetNode is MethodDeclarationSyntax declaration ? declaration.Identifier.GetLocation() : context.TargetNode.GetLocation();
            if (context.TargetSymbol is not IMethodSymbol method)
            {
                return null;
            }

            string? untrackable = context.TargetNode switch
            {
                LocalFunctionStatementSyntax => "a local function",
                AccessorDeclarationSyntax => "a property or event accessor",
                _ when method.IsAsync && method.ReturnsVoid => "async void, whose completion cannot be observed",
                _ when method.IsExtern => "extern",
                _ => null,
            };
            if (untrackable is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CannotTrack, location, attributeName, method.Name, untrackable));
                return null;
            }

            bool isProbeMethod = method.IsPartialDefinition;
            if (!isProbeMethod && kind != TrackKind.Gauge)
            {
                // A method with a body is tracked at its call sites by the interceptor pipeline.
                return null;
            }

            AttributeData attribute = context.Attributes[0];
            string metricName = MetricName(attribute, method);
            if (!MetricNameRules.IsValidMetricName(metricName))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMetricName, location, metricName, method.Name, attributeName.Replace("Attribute", string.Empty)));
            }

            if (!isProbeMethod)
            {
                return ParseGaugeObserver(method, metricName, attribute, location, diagnostics);
            }

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

            bool returnsScope = method.ReturnType.ToDisplayString() == TrackingScope;
            string? expectedReturn = kind switch
            {
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
            var tags = new List<TagSpec>();
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (kind == TrackKind.CacheLookup && parameter.Name == "hit" && parameter.Type.SpecialType == SpecialType.System_Boolean && parameter.RefKind == RefKind.None)
                {
                    outcome = parameter.Name;
                    continue;
                }

                if (kind == TrackKind.Gauge && parameter.Name == "delta" && IsInteger(parameter.Type) && parameter.RefKind == RefKind.None)
                {
                    outcome = parameter.Name;
                    continue;
                }

                TagSpec? tag = ParseTag(parameter, method, diagnostics);
                if (tag is not null)
                {
                    tags.Add(tag);
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

            if (tags.Count > MaxTags)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooManyTags, location, method.Name, tags.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            if (diagnostics.Count > 0)
            {
                return null;
            }

            return new ProbeMethodSpec(
                kind,
                metricName,
                NamespaceOf(method.ContainingType),
                ContainingTypes(method.ContainingType),
                method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                EscapeIdentifier(method.Name),
                Modifiers(method),
                method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(s_typeFormat),
                new EquatableArray<ParameterSpec>(method.Parameters.Select(p => new ParameterSpec(ParameterDeclaration(p)))),
                new EquatableArray<TagSpec>(tags),
                outcome is null ? null : EscapeIdentifier(outcome),
                returnsScope,
                IsGaugeObserver: false,
                GaugeObserverCall: null,
                NamedInt(attribute, "CardinalityLimit"),
                kind == TrackKind.TokenIssue ? LifetimeOrDefault(NamedInt(attribute, "LifetimeSeconds")) : 0,
                LocationInfo.From(location));
        }

        private static ProbeMethodSpec? ParseGaugeObserver(IMethodSymbol method, string metricName, AttributeData attribute, Location location, List<DiagnosticInfo> diagnostics)
        {
            bool callable = method.IsStatic
                && method.Parameters.Length == 0
                && !method.IsGenericMethod
                && IsInteger(method.ReturnType)
                && IsCallableFromAssembly(method);
            if (!callable)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidGauge, location, method.Name));
                return null;
            }

            if (diagnostics.Count > 0)
            {
                return null;
            }

            string call = $"{method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)}.{EscapeIdentifier(method.Name)}()";
            return new ProbeMethodSpec(
                TrackKind.Gauge,
                metricName,
                NamespaceOf(method.ContainingType),
                EquatableArray<ContainingTypeSpec>.Empty,
                method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                EscapeIdentifier(method.Name),
                string.Empty,
                string.Empty,
                EquatableArray<ParameterSpec>.Empty,
                EquatableArray<TagSpec>.Empty,
                OutcomeParameter: null,
                ReturnsScope: false,
                IsGaugeObserver: true,
                GaugeObserverCall: call,
                NamedInt(attribute, "CardinalityLimit"),
                LifetimeSeconds: 0,
                LocationInfo.From(location));
        }

        private static TagSpec? ParseTag(IParameterSymbol parameter, IMethodSymbol method, List<DiagnosticInfo> diagnostics)
        {
            Location? location = parameter.Locations.FirstOrDefault();
            string tagName = parameter.GetAttributes()
                .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == TagAttribute)?
                .ConstructorArguments.FirstOrDefault().Value as string ?? parameter.Name;
            ITypeSymbol type = parameter.Type;
            TagValueKind? kind = parameter.RefKind != RefKind.None ? null
                : type.SpecialType == SpecialType.System_String ? TagValueKind.Text
                : type.SpecialType == SpecialType.System_Boolean ? TagValueKind.Bool
                : type.TypeKind == TypeKind.Enum ? TagValueKind.Enum
                : IsInteger(type) ? TagValueKind.Number
                : null;
            if (kind is null)
            {
                string shown = (parameter.RefKind == RefKind.None ? string.Empty : parameter.RefKind.ToString().ToLowerInvariant() + " ") + type.ToDisplayString();
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedTagType, location, parameter.Name, method.Name, shown));
                return null;
            }

            if (!MetricNameRules.IsValidTagName(tagName))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTagName, location, tagName, parameter.Name));
                return null;
            }

            if (kind != TagValueKind.Enum)
            {
                return new TagSpec(tagName, EscapeIdentifier(parameter.Name), kind.Value, null, EquatableArray<string>.Empty);
            }

            var seen = new HashSet<object?>();
            ImmutableArray<string> members = type.GetMembers()
                .OfType<IFieldSymbol>()
                .Where(f => f.IsConst && f.HasConstantValue && seen.Add(f.ConstantValue))
                .Select(f => f.Name)
                .ToImmutableArray();
            return new TagSpec(tagName, EscapeIdentifier(parameter.Name), TagValueKind.Enum, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), new EquatableArray<string>(members));
        }

        private static string MetricName(AttributeData attribute, IMethodSymbol method) =>
            attribute.ConstructorArguments.FirstOrDefault().Value as string ?? $"{method.ContainingType.Name}.{method.Name}";

        private static int NamedInt(AttributeData attribute, string name) =>
            attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value is int value ? value : 0;

        private static int LifetimeOrDefault(int seconds) => seconds > 0 ? seconds : 3600;

        private static bool IsInteger(ITypeSymbol type) => type.SpecialType is
            SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16 or
            SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64;

        private static bool IsCallableFromAssembly(IMethodSymbol method)
        {
            for (ISymbol? symbol = method; symbol is not null && symbol is not INamespaceSymbol; symbol = symbol.ContainingSymbol)
            {
                if (symbol.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                {
                    return false;
                }
            }

            return true;
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
                string name = EscapeIdentifier(current.Name);
                if (current.TypeParameters.Length > 0)
                {
                    name += "<" + string.Join(", ", current.TypeParameters.Select(t => EscapeIdentifier(t.Name))) + ">";
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
                _ => HasExplicitAccessibility(method) ? "private " : string.Empty,
            };
            return accessibility + "static partial";
        }

        private static bool HasExplicitAccessibility(IMethodSymbol method) =>
            method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is MethodDeclarationSyntax syntax
            && syntax.Modifiers.Any(m => m.IsKind(SyntaxKind.PrivateKeyword));

        private static string ParameterDeclaration(IParameterSymbol parameter)
        {
            string prefix = parameter.IsThis ? "this " : string.Empty;
            prefix += parameter.IsParams ? "params " : string.Empty;
            prefix += parameter.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                RefKind.RefReadOnlyParameter => "ref readonly ",
                _ => string.Empty,
            };
            return $"{prefix}{parameter.Type.ToDisplayString(s_typeFormat)} {EscapeIdentifier(parameter.Name)}";
        }

        private static string EscapeIdentifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        public static string AttributeName(TrackKind kind) => kind switch
        {
            TrackKind.Endpoint => "TrackEndpoint",
            TrackKind.TokenIssue => "TrackTokenIssue",
            TrackKind.TokenRevoke => "TrackTokenRevoke",
            TrackKind.CacheLookup => "TrackCacheLookup",
            TrackKind.CacheEviction => "TrackCacheEviction",
            TrackKind.Event => "TrackEvent",
            _ => "TrackGauge",
        };
    }
}
