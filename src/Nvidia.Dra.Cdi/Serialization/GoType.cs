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
    /// The type the YAML-to-JSON step converts a value towards: the field the key names (exactly, else
    /// case-insensitively), or none for an unknown key.
    /// </summary>
    public GoType? ConversionTarget(string key) => Find(key)?.Type;
}
