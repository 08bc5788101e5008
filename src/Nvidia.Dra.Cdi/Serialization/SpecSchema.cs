namespace Nvidia.Dra.Cdi.Serialization;

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

    // The pointer fields of the reference structs (absent and zero differ for them).
    private static readonly HashSet<string> s_pointerFields = new(StringComparer.Ordinal) { "fileMode", "uid", "gid", "timeout", "intelRdt" };

    /// <summary>Gets whether JSON null sets the field to "absent" (pointers, slices, maps) rather than being ignored.</summary>
    public static bool IsNullable((string Name, GoType Type) field) =>
        field.Type is GoSlice or GoMap || s_pointerFields.Contains(field.Name);
}
