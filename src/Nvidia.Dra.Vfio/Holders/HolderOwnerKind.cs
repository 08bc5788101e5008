namespace Nvidia.Dra.Vfio;

/// <summary>What owns a holder process, from its cgroup path.</summary>
public enum HolderOwnerKind
{
    /// <summary>The cgroup path names neither a unit nor a container.</summary>
    Unknown,

    /// <summary>A systemd unit (<c>nvidia-persistenced.service</c>).</summary>
    SystemdUnit,

    /// <summary>A container (containerd, CRI-O, Docker, Podman, or a cgroupfs kubepods path).</summary>
    Container,
}
