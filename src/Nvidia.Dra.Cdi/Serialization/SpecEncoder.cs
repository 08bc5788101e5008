using System.Globalization;

namespace Nvidia.Dra.Cdi.Serialization;

/// <summary>
/// Writes a spec through a small sink so that JSON and YAML share one field order and one set of omission rules:
/// the reference library's key order, empty optional values left out, and an explicit empty <c>schemata</c> list
/// kept (it changes the minimum version).
/// </summary>
internal static class SpecEncoder
{
    public static void Write(ISpecSink sink, CdiSpec spec)
    {
        sink.StartObject();
        sink.String("cdiVersion", spec.Version ?? string.Empty);
        sink.String("kind", spec.Kind ?? string.Empty);
        WriteAnnotations(sink, spec.Annotations);
        sink.StartArray("devices");
        foreach (var device in spec.Devices)
        {
            sink.StartObject();
            sink.String("name", device.Name ?? string.Empty);
            WriteAnnotations(sink, device.Annotations);
            sink.StartObject("containerEdits");
            WriteEdits(sink, device.ContainerEdits ?? ContainerEdits.Empty);
            sink.EndObject();
            sink.EndObject();
        }

        sink.EndArray();
        if (spec.ContainerEdits is { IsEmpty: false } edits)
        {
            sink.StartObject("containerEdits");
            WriteEdits(sink, edits);
            sink.EndObject();
        }

        sink.EndObject();
    }

    private static void WriteAnnotations(ISpecSink sink, CdiAnnotations? annotations)
    {
        if (annotations is not { Count: > 0 })
        {
            return;
        }

        sink.StartObject("annotations");
        foreach (var (key, value) in annotations)
        {
            sink.String(key, value);
        }

        sink.EndObject();
    }

    private static void WriteEdits(ISpecSink sink, ContainerEdits edits)
    {
        Strings(sink, "env", edits.Env);
        if (!edits.DeviceNodes.IsEmpty)
        {
            sink.StartArray("deviceNodes");
            foreach (var node in edits.DeviceNodes)
            {
                sink.StartObject();
                sink.String("path", node.Path ?? string.Empty);
                OptionalString(sink, "hostPath", node.HostPath);
                OptionalString(sink, "type", node.Type);
                if (node.Major != 0)
                {
                    sink.Number("major", node.Major.ToString(CultureInfo.InvariantCulture));
                }

                if (node.Minor != 0)
                {
                    sink.Number("minor", node.Minor.ToString(CultureInfo.InvariantCulture));
                }

                OptionalNumber(sink, "fileMode", node.FileMode);
                OptionalString(sink, "permissions", node.Permissions);
                OptionalNumber(sink, "uid", node.Uid);
                OptionalNumber(sink, "gid", node.Gid);
                sink.EndObject();
            }

            sink.EndArray();
        }

        if (!edits.NetDevices.IsEmpty)
        {
            sink.StartArray("netDevices");
            foreach (var device in edits.NetDevices)
            {
                sink.StartObject();
                sink.String("hostInterfaceName", device.HostInterfaceName ?? string.Empty);
                sink.String("name", device.Name ?? string.Empty);
                sink.EndObject();
            }

            sink.EndArray();
        }

        if (!edits.Hooks.IsEmpty)
        {
            sink.StartArray("hooks");
            foreach (var hook in edits.Hooks)
            {
                sink.StartObject();
                sink.String("hookName", hook.HookName ?? string.Empty);
                sink.String("path", hook.Path ?? string.Empty);
                Strings(sink, "args", hook.Args);
                Strings(sink, "env", hook.Env);
                if (hook.Timeout is { } timeout)
                {
                    sink.Number("timeout", timeout.ToString(CultureInfo.InvariantCulture));
                }

                sink.EndObject();
            }

            sink.EndArray();
        }

        if (!edits.Mounts.IsEmpty)
        {
            sink.StartArray("mounts");
            foreach (var mount in edits.Mounts)
            {
                sink.StartObject();
                sink.String("hostPath", mount.HostPath ?? string.Empty);
                sink.String("containerPath", mount.ContainerPath ?? string.Empty);
                Strings(sink, "options", mount.Options);
                OptionalString(sink, "type", mount.Type);
                sink.EndObject();
            }

            sink.EndArray();
        }

        if (edits.IntelRdt is { } rdt)
        {
            sink.StartObject("intelRdt");
            OptionalString(sink, "closID", rdt.ClosId);
            OptionalString(sink, "l3CacheSchema", rdt.L3CacheSchema);
            OptionalString(sink, "memBwSchema", rdt.MemBwSchema);
            if (rdt.Schemata is { } schemata)
            {
                sink.StartArray("schemata", empty: schemata.IsEmpty);
                foreach (var line in schemata)
                {
                    sink.String(null, line);
                }

                sink.EndArray();
            }

            if (rdt.EnableMonitoring)
            {
                sink.Bool("enableMonitoring", true);
            }

            sink.EndObject();
        }

        if (!edits.AdditionalGids.IsEmpty)
        {
            sink.StartArray("additionalGids");
            foreach (var gid in edits.AdditionalGids)
            {
                sink.Number(null, gid.ToString(CultureInfo.InvariantCulture));
            }

            sink.EndArray();
        }
    }

    private static void Strings(ISpecSink sink, string name, EquatableArray<string> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        sink.StartArray(name);
        foreach (var value in values)
        {
            sink.String(null, value ?? string.Empty);
        }

        sink.EndArray();
    }

    private static void OptionalString(ISpecSink sink, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            sink.String(name, value);
        }
    }

    private static void OptionalNumber(ISpecSink sink, string name, uint? value)
    {
        if (value is { } number)
        {
            sink.Number(name, number.ToString(CultureInfo.InvariantCulture));
        }
    }
}
