using System.Collections.Immutable;

namespace Nvidia.Dra.Cdi.Serialization;

/// <summary>The Go types of the reference spec structs, as far as decoding needs them.</summary>
internal abstract class GoType
{
    public static readonly GoType String = new GoScalar(GoScalarKind.String);
    public static readonly GoType Int64 = new GoScalar(GoScalarKind.Int64);
    public static readonly GoType Int = new GoScalar(GoScalarKind.Int64);
    public static readonly GoType UInt32 = new GoScalar(GoScalarKind.UInt32);
    public static readonly GoType Bool = new GoScalar(GoScalarKind.Bool);
    public static readonly GoType StringList = new GoSlice(String);
    public static readonly GoType StringMap = new GoMap(String);
}

internal enum GoScalarKind
{
    String,
    Int64,
    UInt32,
    Bool,
}

internal sealed class GoScalar(GoScalarKind kind) : GoType
{
    public GoScalarKind Kind { get; } = kind;
}

internal sealed class GoSlice(GoType element) : GoType
{
    public GoType Element { get; } = element;
}

internal sealed class GoMap(GoType element) : GoType
{
    public GoType Element { get; } = element;
}

/// <summary>A struct: its JSON field names in declaration order, each with its type.</summary>
internal sealed class GoStruct(string name, ImmutableArray<(string Name, GoType Type)> fields) : GoType
{
    public string Name { get; } = name;

    public ImmutableArray<(string Name, GoType Type)> Fields { get; } = fields;

    /// <summary>Finds a field the way Go's JSON decoder does: exact name first, then case-insensitively.</summary>
    public (string Name, GoType Type)? Find(string key)
    {
        foreach (var field in Fields)
        {
            if (string.Equals(field.Name, key, StringComparison.Ordinal))
            {
                return field;
            }
        }

        foreach (var field in Fields)
        {
            if (string.Equals(field.Name, key, StringComparison.OrdinalIgnoreCase))
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>
    /// The type the YAML-to-JSON step converts a value towards: the exactly named field, or else (a quirk of the
    /// reference converter) the struct's last field.
    /// </summary>
    public GoType ConversionTarget(string key)
    {
        foreach (var field in Fields)
        {
            if (string.Equals(field.Name, key, StringComparison.Ordinal))
            {
                return field.Type;
            }
        }

        return Fields[^1].Type;
    }
}

/// <summary>The CDI 1.1.0 spec structs.</summary>
internal static class SpecSchema
{
    public static readonly GoStruct IntelRdt = new("IntelRdt",
    [
        ("closID", GoType.String), ("l3CacheSchema", GoType.String), ("memBwSchema", GoType.String),
        ("schemata", GoType.StringList), ("enableMonitoring", GoType.Bool),
    ]);

    public static readonly GoStruct LinuxNetDevice = new("LinuxNetDevice",
        [("hostInterfaceName", GoType.String), ("name", GoType.String)]);

    public static readonly GoStruct Hook = new("Hook",
    [
        ("hookName", GoType.String), ("path", GoType.String), ("args", GoType.StringList),
        ("env", GoType.StringList), ("timeout", GoType.Int),
    ]);

    public static readonly GoStruct Mount = new("Mount",
    [
        ("hostPath", GoType.String), ("containerPath", GoType.String), ("options", GoType.StringList),
        ("type", GoType.String),
    ]);

    public static readonly GoStruct DeviceNode = new("DeviceNode",
    [
        ("path", GoType.String), ("hostPath", GoType.String), ("type", GoType.String), ("major", GoType.Int64),
        ("minor", GoType.Int64), ("fileMode", GoType.UInt32), ("permissions", GoType.String),
        ("uid", GoType.UInt32), ("gid", GoType.UInt32),
    ]);

    public static readonly GoStruct ContainerEdits = new("ContainerEdits",
    [
        ("env", GoType.StringList), ("deviceNodes", new GoSlice(DeviceNode)),
        ("netDevices", new GoSlice(LinuxNetDevice)), ("hooks", new GoSlice(Hook)), ("mounts", new GoSlice(Mount)),
        ("intelRdt", IntelRdt), ("additionalGids", new GoSlice(GoType.UInt32)),
    ]);

    public static readonly GoStruct Device = new("Device",
        [("name", GoType.String), ("annotations", GoType.StringMap), ("containerEdits", ContainerEdits)]);

    public static readonly GoStruct Spec = new("Spec",
    [
        ("cdiVersion", GoType.String), ("kind", GoType.String), ("annotations", GoType.StringMap),
        ("devices", new GoSlice(Device)), ("containerEdits", ContainerEdits),
    ]);
}
