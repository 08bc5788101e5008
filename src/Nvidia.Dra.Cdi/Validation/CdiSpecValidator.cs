using System.Collections.Immutable;

namespace Nvidia.Dra.Cdi;

/// <summary>
/// Validates a CDI spec and reports every problem at once, each with its location. It accepts and rejects what
/// the reference Go library accepts and rejects; its checks, in order: version, kind (vendor and class), spec-level
/// edits, each device (name, non-empty edits, edits), duplicate device names, at least one device.
/// </summary>
public static class CdiSpecValidator
{
    /// <summary>Validates the spec.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>Every problem found; empty when the spec is valid.</returns>
    public static ImmutableArray<CdiValidationProblem> Validate(CdiSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = ImmutableArray.CreateBuilder<CdiValidationProblem>();

        if (CdiVersions.Validate(spec) is { } versionError)
        {
            problems.Add(new("cdiVersion", versionError));
        }

        if (CdiNames.ValidateKind(spec.Kind ?? string.Empty) is { } kindError)
        {
            problems.Add(new("kind", kindError));
        }

        ValidateEdits(spec.ContainerEdits ?? ContainerEdits.Empty, "containerEdits", problems);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Devices.Count; i++)
        {
            var device = spec.Devices[i];
            var path = $"devices[{i}]";
            if (device is null)
            {
                problems.Add(new(path, "null device; remove the entry or give it a name and containerEdits"));
                continue;
            }

            var name = device.Name ?? string.Empty;
            if (CdiNames.ValidateDeviceName(name) is { } nameError)
            {
                problems.Add(new(path + ".name", nameError));
            }

            if (!seen.Add(name))
            {
                problems.Add(new(path + ".name", $"invalid spec, multiple device \"{name}\"; device names must be unique within a spec"));
            }

            var edits = device.ContainerEdits ?? ContainerEdits.Empty;
            if (edits.IsEmpty)
            {
                problems.Add(new(path + ".containerEdits", $"invalid device \"{name}\": empty container edits; a device needs at least one edit (env, deviceNodes, mounts, hooks, netDevices, intelRdt or additionalGids)"));
            }

            ValidateEdits(edits, path + ".containerEdits", problems);
        }

        if (spec.Devices.Count == 0)
        {
            problems.Add(new("devices", "invalid spec, no devices; a spec must define at least one device"));
        }

        return problems.ToImmutable();
    }

    /// <summary>Gets whether the spec is valid.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns><see langword="true"/> when <see cref="Validate(CdiSpec)"/> finds no problem.</returns>
    public static bool IsValid(CdiSpec spec) => Validate(spec).IsEmpty;

    /// <summary>Throws when the spec is invalid.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="filePath">The file the spec came from or goes to, for the message; may be <see langword="null"/>.</param>
    /// <exception cref="CdiSpecException">The spec is invalid; the exception lists every problem.</exception>
    public static void ThrowIfInvalid(CdiSpec spec, string? filePath = null)
    {
        var problems = Validate(spec);
        if (!problems.IsEmpty)
        {
            throw new CdiSpecException(filePath, problems);
        }
    }

    /// <summary>Validates container edits on their own (an empty set is valid here).</summary>
    /// <param name="edits">The edits.</param>
    /// <param name="path">The location prefix for the problems, e.g. <c>containerEdits</c>.</param>
    /// <returns>Every problem found.</returns>
    public static ImmutableArray<CdiValidationProblem> ValidateEdits(ContainerEdits edits, string path = "containerEdits")
    {
        ArgumentNullException.ThrowIfNull(edits);
        ArgumentNullException.ThrowIfNull(path);
        var problems = ImmutableArray.CreateBuilder<CdiValidationProblem>();
        ValidateEdits(edits, path, problems);
        return problems.ToImmutable();
    }

    private static void ValidateEdits(ContainerEdits edits, string path, ImmutableArray<CdiValidationProblem>.Builder problems)
    {
        ValidateEnv(edits.Env, path + ".env", string.Empty, problems);

        for (var i = 0; i < edits.DeviceNodes.Count; i++)
        {
            ValidateDeviceNode(edits.DeviceNodes[i], $"{path}.deviceNodes[{i}]", problems);
        }

        for (var i = 0; i < edits.Hooks.Count; i++)
        {
            ValidateHook(edits.Hooks[i], $"{path}.hooks[{i}]", problems);
        }

        for (var i = 0; i < edits.Mounts.Count; i++)
        {
            var mount = edits.Mounts[i];
            var at = $"{path}.mounts[{i}]";
            if (string.IsNullOrEmpty(mount?.HostPath))
            {
                problems.Add(new(at + ".hostPath", "invalid mount, empty host path"));
            }

            if (string.IsNullOrEmpty(mount?.ContainerPath))
            {
                problems.Add(new(at + ".containerPath", "invalid mount, empty container path"));
            }
        }

        if (edits.IntelRdt is { } rdt)
        {
            var closId = rdt.ClosId ?? string.Empty;
            var valid = closId == "/"
                || (closId.Length < 4096 && closId is not ("." or "..") && closId.AsSpan().IndexOfAny('/', '\n') < 0);
            if (!valid)
            {
                problems.Add(new(path + ".intelRdt.closID", $"invalid ClosID \"{closId}\"; it must be a file name (no '/', newline, '.' or '..', under 4096 bytes) or \"/\""));
            }
        }

        ValidateNetDevices(edits.NetDevices, path + ".netDevices", problems);
    }

    private static void ValidateEnv(EquatableArray<string> env, string path, string context, ImmutableArray<CdiValidationProblem>.Builder problems)
    {
        for (var i = 0; i < env.Count; i++)
        {
            var value = env[i] ?? string.Empty;
            if (value.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                problems.Add(new($"{path}[{i}]", $"{context}invalid environment variable \"{value}\"; use NAME=value"));
            }
        }
    }

    private static void ValidateDeviceNode(DeviceNode node, string path, ImmutableArray<CdiValidationProblem>.Builder problems)
    {
        var nodePath = node?.Path ?? string.Empty;
        if (nodePath.Length == 0)
        {
            problems.Add(new(path + ".path", "invalid (empty) device path"));
        }

        var type = node?.Type ?? string.Empty;
        if (type is not ("" or "b" or "c" or "u" or "p"))
        {
            problems.Add(new(path + ".type", $"device \"{nodePath}\": invalid type \"{type}\"; use b, c, u, p or leave it empty"));
        }

        var permissions = node?.Permissions ?? string.Empty;
        if (permissions.Length > 0 && permissions != "none" && permissions.AsSpan().Trim("rwm").Length > 0)
        {
            problems.Add(new(path + ".permissions", $"device \"{nodePath}\": invalid permissions \"{permissions}\"; use letters from rwm, \"none\", or leave it empty"));
        }
    }

    private static void ValidateHook(Hook hook, string path, ImmutableArray<CdiValidationProblem>.Builder problems)
    {
        var name = hook?.HookName ?? string.Empty;
        if (!HookNames.All.Contains(name))
        {
            problems.Add(new(path + ".hookName", $"invalid hook name \"{name}\"; use one of {string.Join(", ", HookNames.All)}"));
        }

        if (string.IsNullOrEmpty(hook?.Path))
        {
            problems.Add(new(path + ".path", $"invalid hook \"{name}\" with empty path"));
        }

        if (hook is not null)
        {
            ValidateEnv(hook.Env, path + ".env", $"invalid hook \"{name}\": ", problems);
        }
    }

    private static void ValidateNetDevices(EquatableArray<LinuxNetDevice> devices, string path, ImmutableArray<CdiValidationProblem>.Builder problems)
    {
        var hostSeen = new Dictionary<string, string>(StringComparer.Ordinal);
        var nameSeen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < devices.Count; i++)
        {
            var at = $"{path}[{i}]";
            var host = devices[i]?.HostInterfaceName ?? string.Empty;
            var name = devices[i]?.Name ?? string.Empty;
            if (host.Length == 0)
            {
                problems.Add(new(at + ".hostInterfaceName", "invalid linux net device, empty HostInterfaceName"));
            }

            if (name.Length == 0)
            {
                problems.Add(new(at + ".name", "invalid linux net device, empty Name"));
            }

            if (host.Length > 0 && !hostSeen.TryAdd(host, name))
            {
                problems.Add(new(at + ".hostInterfaceName", $"invalid linux net device, duplicate HostInterfaceName \"{host}\" with names \"{name}\" and \"{hostSeen[host]}\""));
            }

            if (name.Length > 0 && !nameSeen.TryAdd(name, host))
            {
                problems.Add(new(at + ".name", $"invalid linux net device, duplicate Name \"{name}\" with HostInterfaceName \"{host}\" and \"{nameSeen[name]}\""));
            }
        }
    }
}
