namespace Nvidia.Dra.Vfio;

/// <summary>The owner of a holder process, read from <c>/proc/&lt;pid&gt;/cgroup</c>.</summary>
/// <param name="Kind">Unit, container or unknown.</param>
/// <param name="Name">The unit name or the container id; <see langword="null"/> when unknown.</param>
/// <param name="PodUid">The Kubernetes pod UID for a pod container, when the path shows it.</param>
/// <param name="CgroupPath">The cgroup path the owner was derived from.</param>
public sealed record HolderOwner(HolderOwnerKind Kind, string? Name, string? PodUid, string CgroupPath)
{
    /// <summary>Gets the owner of a process whose cgroup could not be read.</summary>
    public static HolderOwner Unknown { get; } = new(HolderOwnerKind.Unknown, null, null, string.Empty);

    /// <summary>Derives the owner of any process from the text of its <c>/proc/&lt;pid&gt;/cgroup</c> (v2 or v1).</summary>
    /// <param name="cgroupText">The file's content; <see langword="null"/> or empty gives <see cref="Unknown"/>.</param>
    /// <returns>The systemd unit or container, or an unknown owner with the cgroup path.</returns>
    public static HolderOwner FromCgroup(string? cgroupText) => CgroupOwnerParser.Parse(cgroupText);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        HolderOwnerKind.SystemdUnit => $"unit {Name}",
        HolderOwnerKind.Container when PodUid is not null => $"container {Name} (pod {PodUid})",
        HolderOwnerKind.Container => $"container {Name}",
        _ => CgroupPath.Length == 0 ? "unknown owner" : $"cgroup {CgroupPath}",
    };
}
