namespace Nvidia.Dra.Cdi;

/// <summary>
/// Changes a container runtime makes to a container's OCI spec (keys <c>env</c>, <c>deviceNodes</c>,
/// <c>netDevices</c>, <c>hooks</c>, <c>mounts</c>, <c>intelRdt</c>, <c>additionalGids</c>).
/// </summary>
public sealed record ContainerEdits
{
    /// <summary>Gets edits that change nothing.</summary>
    public static ContainerEdits Empty { get; } = new();

    /// <summary>Gets the environment variables, each <c>NAME=value</c>.</summary>
    public EquatableArray<string> Env { get; init; }

    /// <summary>Gets the device nodes to create in the container.</summary>
    public EquatableArray<DeviceNode> DeviceNodes { get; init; }

    /// <summary>Gets the host network interfaces to move into the container (CDI 1.1.0).</summary>
    public EquatableArray<LinuxNetDevice> NetDevices { get; init; }

    /// <summary>Gets the OCI hooks to add.</summary>
    public EquatableArray<Hook> Hooks { get; init; }

    /// <summary>Gets the mounts to add.</summary>
    public EquatableArray<Mount> Mounts { get; init; }

    /// <summary>Gets the Intel RDT settings (CDI 0.7.0), or <see langword="null"/> when absent.</summary>
    public IntelRdt? IntelRdt { get; init; }

    /// <summary>Gets the additional group ids for the container process (CDI 0.7.0).</summary>
    public EquatableArray<uint> AdditionalGids { get; init; }

    /// <summary>Gets whether these edits change nothing (device-level edits must not be empty).</summary>
    public bool IsEmpty =>
        Env.IsEmpty && DeviceNodes.IsEmpty && NetDevices.IsEmpty && Hooks.IsEmpty && Mounts.IsEmpty
        && IntelRdt is null && AdditionalGids.IsEmpty;

    /// <summary>
    /// Returns these edits followed by <paramref name="other"/>: lists are concatenated and a non-null
    /// <see cref="IntelRdt"/> in <paramref name="other"/> replaces this one (the reference library's merge).
    /// </summary>
    /// <param name="other">The edits to append.</param>
    /// <returns>The merged edits.</returns>
    public ContainerEdits Append(ContainerEdits other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new ContainerEdits
        {
            Env = [.. Env, .. other.Env],
            DeviceNodes = [.. DeviceNodes, .. other.DeviceNodes],
            NetDevices = [.. NetDevices, .. other.NetDevices],
            Hooks = [.. Hooks, .. other.Hooks],
            Mounts = [.. Mounts, .. other.Mounts],
            IntelRdt = other.IntelRdt ?? IntelRdt,
            AdditionalGids = [.. AdditionalGids, .. other.AdditionalGids],
        };
    }
}
