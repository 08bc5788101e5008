using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;

namespace Nvidia.Dra.Cdi.Serialization;

/// <summary>
/// Turns a resolved YAML tree into a <see cref="CdiSpec"/> the way the reference library's strict decoder does:
/// first the YAML-to-JSON step (numbers and booleans become strings where a string is expected, keys become
/// strings), then strict JSON decoding (unknown fields and wrong types are errors, keys match case-insensitively
/// when no exact match exists, <c>null</c> leaves a value unset).
/// </summary>
internal sealed class SpecDecoder
{
    // Aliases share nodes, so a small document can expand enormously ("billion laughs"); cap the work.
    private const int MaxExpandedNodes = 1_000_000;

    private readonly List<CdiValidationProblem> _problems = [];
    private int _expandedNodes;

    private SpecDecoder()
    {
    }

    /// <summary>Decodes the tree; every problem found is returned (the spec is only usable when there are none).</summary>
    public static (CdiSpec? Spec, ImmutableArray<CdiValidationProblem> Problems) Decode(YNode root)
    {
        var decoder = new SpecDecoder();
        YNode converted;
        try
        {
            converted = decoder.Convert(root, SpecSchema.Spec, string.Empty);
        }
        catch (ExcessiveAliasingException)
        {
            return (null, [new CdiValidationProblem(string.Empty, $"document contains excessive aliasing (more than {MaxExpandedNodes} values once aliases are expanded)")]);
        }

        var fields = decoder.DecodeStruct(converted, SpecSchema.Spec, string.Empty);
        if (decoder._problems.Count > 0)
        {
            return (null, [.. decoder._problems]);
        }

        return (fields is null ? null : BuildSpec(fields), []);
    }

    // ---- YAML-to-JSON conversion ----------------------------------------------------------------------------

    private YNode Convert(YNode node, GoType? target, string path)
    {
        if (++_expandedNodes > MaxExpandedNodes)
        {
            throw new ExcessiveAliasingException();
        }

        switch (node.Kind)
        {
            case YKind.Mapping:
            {
                var result = YNode.Mapping(node.Line);
                var converted = new SortedDictionary<string, KeyValuePair<YNode, YNode>>(StringComparer.Ordinal);
                foreach (var (key, value) in node.Pairs)
                {
                    var name = KeyToString(key, path);
                    if (name is null)
                    {
                        continue;
                    }

                    var valueTarget = target switch
                    {
                        GoStruct s => s.ConversionTarget(name),
                        GoMap m => m.Element,
                        _ => null,
                    };
                    converted[name] = new(YNode.OfString(name, key.Line), Convert(value, valueTarget, Join(path, name)));
                }

                // Go's JSON encoder writes map keys sorted; when two keys decode into one field the later one wins.
                result.Pairs.AddRange(converted.Values);
                return result;
            }

            case YKind.Sequence:
            {
                var result = YNode.Sequence(node.Line);
                var element = target is GoSlice slice ? slice.Element : null;
                for (var i = 0; i < node.Items.Count; i++)
                {
                    result.Items.Add(Convert(node.Items[i], element, $"{path}[{i}]"));
                }

                return result;
            }

            default:
                if (target is GoScalar { Kind: GoScalarKind.String })
                {
                    switch (node.Kind)
                    {
                        case YKind.Int:
                            return YNode.OfString(node.Int.ToString(CultureInfo.InvariantCulture), node.Line);
                        case YKind.Float:
                            return YNode.OfString(GoFormat.FloatForString(node.Float), node.Line);
                        case YKind.Bool:
                            return YNode.OfString(node.Bool ? "true" : "false", node.Line);
                    }
                }

                if (node.Kind == YKind.Float && (double.IsNaN(node.Float) || double.IsInfinity(node.Float)))
                {
                    Problem(path, node, $"unsupported value {GoFormat.FloatForString(node.Float)}: JSON has no such number");
                }

                return node;
        }
    }

    private string? KeyToString(YNode key, string path)
    {
        switch (key.Kind)
        {
            case YKind.String:
                return key.String;
            case YKind.Int:
                return key.Int.ToString(CultureInfo.InvariantCulture);
            case YKind.Bool:
                return key.Bool ? "true" : "false";
            case YKind.Float:
                var text = GoFormat.FloatForString(key.Float);
                return text switch { "+Inf" => ".inf", "-Inf" => "-.inf", "NaN" => ".nan", _ => text };
            default:
                Problem(path, key, $"unsupported map key of type {key.Describe()}; keys must be strings");
                return null;
        }
    }

    // ---- strict JSON decoding -------------------------------------------------------------------------------

    private Dictionary<string, object?>? DecodeStruct(YNode node, GoStruct type, string path)
    {
        if (node.Kind == YKind.Null)
        {
            return null;
        }

        if (node.Kind != YKind.Mapping)
        {
            Mismatch(path, node, $"an object ({type.Name})");
            return null;
        }

        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Pairs)
        {
            if (type.Find(key.String) is not { } field)
            {
                Problem(Join(path, key.String), key, $"unknown field \"{key.String}\"; {type.Name} accepts only {string.Join(", ", type.Fields.Select(f => f.Name))}");
                continue;
            }

            var fieldPath = Join(path, field.Name);
            if (value.Kind == YKind.Null && !SpecSchema.IsNullable(field))
            {
                // Go's decoder: null clears pointers, slices and maps, and leaves plain values as they were.
                continue;
            }

            fields[field.Name] = DecodeValue(value, field.Type, fieldPath);
        }

        return fields;
    }

    private object? DecodeValue(YNode node, GoType type, string path)
    {
        switch (type)
        {
            case GoStruct structType:
                return DecodeStruct(node, structType, path);
            case GoMap:
                return DecodeMap(node, path);
            case GoSlice slice:
                return DecodeSlice(node, slice, path);
            case GoScalar scalar:
                return DecodeScalar(node, scalar.Kind, path);
            default:
                return null;
        }
    }

    private List<object?>? DecodeSlice(YNode node, GoSlice type, string path)
    {
        if (node.Kind == YKind.Null)
        {
            return null;
        }

        if (node.Kind != YKind.Sequence)
        {
            Mismatch(path, node, "a list");
            return null;
        }

        var items = new List<object?>(node.Items.Count);
        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            var itemPath = $"{path}[{i}]";
            if (item.Kind == YKind.Null && type.Element is GoStruct element)
            {
                // The reference library stores a nil entry and then fails on it; reject it here.
                Problem(itemPath, item, $"null {element.Name} entry; remove it or fill it in");
                continue;
            }

            items.Add(item.Kind == YKind.Null ? ZeroOf(type.Element) : DecodeValue(item, type.Element, itemPath));
        }

        return items;
    }

    private List<KeyValuePair<string, string>>? DecodeMap(YNode node, string path)
    {
        if (node.Kind == YKind.Null)
        {
            return null;
        }

        if (node.Kind != YKind.Mapping)
        {
            Mismatch(path, node, "an object of string values");
            return null;
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in node.Pairs)
        {
            var valuePath = $"{path}[\"{key.String}\"]";
            if (value.Kind is YKind.String or YKind.Null)
            {
                pairs.Add(new(key.String, value.Kind == YKind.Null ? string.Empty : value.String));
            }
            else
            {
                Mismatch(valuePath, value, "a string");
            }
        }

        return pairs;
    }

    private object? DecodeScalar(YNode node, GoScalarKind kind, string path)
    {
        switch (kind)
        {
            case GoScalarKind.String:
                if (node.Kind == YKind.String)
                {
                    return node.String;
                }

                break;
            case GoScalarKind.Bool:
                if (node.Kind == YKind.Bool)
                {
                    return node.Bool;
                }

                break;
            case GoScalarKind.Int64 or GoScalarKind.UInt32:
                if (node.Kind == YKind.Null)
                {
                    return null;
                }

                var (min, max, name) = kind == GoScalarKind.Int64
                    ? ((BigInteger)long.MinValue, (BigInteger)long.MaxValue, "int64")
                    : (BigInteger.Zero, (BigInteger)uint.MaxValue, "uint32");
                if (node.Kind is YKind.Int or YKind.Float)
                {
                    if (IntegerText(node) is { } text
                        && !(kind == GoScalarKind.UInt32 && text.StartsWith('-'))
                        && BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                        && value >= min && value <= max)
                    {
                        return kind == GoScalarKind.Int64 ? (object)(long)value : (uint)value;
                    }

                    Problem(path, node, $"cannot use {node.Describe()} as {name}; write a whole number from {min} to {max}");
                    return null;
                }

                break;
        }

        Mismatch(path, node, kind switch
        {
            GoScalarKind.String => "a string",
            GoScalarKind.Bool => "true or false",
            _ => "a whole number",
        });
        return null;
    }

    private static string? IntegerText(YNode node)
    {
        if (node.Kind == YKind.Int)
        {
            return node.Int.ToString(CultureInfo.InvariantCulture);
        }

        var text = GoFormat.FloatForJson(node.Float);
        return text.AsSpan().TrimStart('-').ContainsAnyExcept("0123456789") ? null : text;
    }

    private static object? ZeroOf(GoType type) => type switch
    {
        GoScalar { Kind: GoScalarKind.String } => string.Empty,
        GoScalar { Kind: GoScalarKind.Bool } => false,
        GoScalar { Kind: GoScalarKind.Int64 } => 0L,
        GoScalar { Kind: GoScalarKind.UInt32 } => 0u,
        _ => null,
    };

    private void Mismatch(string path, YNode node, string expected) =>
        Problem(path, node, $"cannot use {node.Describe()} here; expected {expected}");

    private void Problem(string path, YNode node, string message) =>
        _problems.Add(new(path, node.Line > 0 ? $"{message} (line {node.Line})" : message));

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    // ---- model construction ---------------------------------------------------------------------------------

    private static CdiSpec BuildSpec(Dictionary<string, object?> f) =>
        new(Str(f, "cdiVersion"), Str(f, "kind"))
        {
            Annotations = Map(f, "annotations"),
            Devices = [.. List(f, "devices").Select(d => BuildDevice((Dictionary<string, object?>)d!))],
            ContainerEdits = BuildEdits(Obj(f, "containerEdits")),
        };

    private static CdiDevice BuildDevice(Dictionary<string, object?> f) =>
        new(Str(f, "name"), BuildEdits(Obj(f, "containerEdits"))) { Annotations = Map(f, "annotations") };

    private static ContainerEdits BuildEdits(Dictionary<string, object?>? f)
    {
        if (f is null)
        {
            return ContainerEdits.Empty;
        }

        return new ContainerEdits
        {
            Env = Strings(f, "env"),
            DeviceNodes = [.. List(f, "deviceNodes").Select(n => BuildDeviceNode((Dictionary<string, object?>)n!))],
            NetDevices = [.. List(f, "netDevices").Select(n => BuildNetDevice((Dictionary<string, object?>)n!))],
            Hooks = [.. List(f, "hooks").Select(h => BuildHook((Dictionary<string, object?>)h!))],
            Mounts = [.. List(f, "mounts").Select(m => BuildMount((Dictionary<string, object?>)m!))],
            IntelRdt = Obj(f, "intelRdt") is { } rdt ? BuildIntelRdt(rdt) : null,
            AdditionalGids = [.. List(f, "additionalGids").Select(g => (uint)g!)],
        };
    }

    private static DeviceNode BuildDeviceNode(Dictionary<string, object?> f) =>
        new(Str(f, "path"))
        {
            HostPath = Str(f, "hostPath"),
            Type = Str(f, "type"),
            Major = f.GetValueOrDefault("major") as long? ?? 0,
            Minor = f.GetValueOrDefault("minor") as long? ?? 0,
            FileMode = f.GetValueOrDefault("fileMode") as uint?,
            Permissions = Str(f, "permissions"),
            Uid = f.GetValueOrDefault("uid") as uint?,
            Gid = f.GetValueOrDefault("gid") as uint?,
        };

    private static LinuxNetDevice BuildNetDevice(Dictionary<string, object?> f) => new(Str(f, "hostInterfaceName"), Str(f, "name"));

    private static Hook BuildHook(Dictionary<string, object?> f) =>
        new(Str(f, "hookName"), Str(f, "path"))
        {
            Args = Strings(f, "args"),
            Env = Strings(f, "env"),
            Timeout = f.GetValueOrDefault("timeout") as long?,
        };

    private static Mount BuildMount(Dictionary<string, object?> f) =>
        new(Str(f, "hostPath"), Str(f, "containerPath")) { Options = Strings(f, "options"), Type = Str(f, "type") };

    private static IntelRdt BuildIntelRdt(Dictionary<string, object?> f) =>
        new()
        {
            ClosId = Str(f, "closID"),
            L3CacheSchema = Str(f, "l3CacheSchema"),
            MemBwSchema = Str(f, "memBwSchema"),
            Schemata = f.GetValueOrDefault("schemata") is List<object?> schemata ? [.. schemata.Select(s => (string)s!)] : null,
            EnableMonitoring = f.GetValueOrDefault("enableMonitoring") as bool? ?? false,
        };

    private static string Str(Dictionary<string, object?> f, string key) => f.GetValueOrDefault(key) as string ?? string.Empty;

    private static Dictionary<string, object?>? Obj(Dictionary<string, object?> f, string key) =>
        f.GetValueOrDefault(key) as Dictionary<string, object?>;

    private static List<object?> List(Dictionary<string, object?> f, string key) => f.GetValueOrDefault(key) as List<object?> ?? [];

    private static EquatableArray<string> Strings(Dictionary<string, object?> f, string key) => [.. List(f, key).Select(s => (string)s!)];

    private static CdiAnnotations Map(Dictionary<string, object?> f, string key) =>
        f.GetValueOrDefault(key) is List<KeyValuePair<string, string>> pairs ? CdiAnnotations.From(pairs) : CdiAnnotations.Empty;

    private sealed class ExcessiveAliasingException : Exception;
}
