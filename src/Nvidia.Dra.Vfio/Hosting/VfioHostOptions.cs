using System.ComponentModel.DataAnnotations;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// Where the host's kernel interfaces live and how long each kernel interaction may take.
/// Every path the package touches is relative to one of these roots, so the same code runs on a node,
/// in a privileged container (point the roots at the host mounts) and against a test tree.
/// </summary>
public sealed class VfioHostOptions
{
    /// <summary>Gets or sets the sysfs mount (<c>/sys</c>): PCI devices, drivers, modules, IOMMU groups.</summary>
    [Required]
    public string SysfsRoot { get; set; } = "/sys";

    /// <summary>Gets or sets the host device directory (<c>/dev</c>): <c>vfio/</c> and <c>iommu</c>.</summary>
    [Required]
    public string DevRoot { get; set; } = "/dev";

    /// <summary>Gets or sets the host procfs mount (<c>/proc</c>), which must show the host PID namespace for holder scans.</summary>
    [Required]
    public string ProcRoot { get; set; } = "/proc";

    /// <summary>Gets or sets the host's root directory (<c>/</c>, or e.g. <c>/host-root</c> in a container); modprobe runs in a chroot of it.</summary>
    [Required]
    public string HostRoot { get; set; } = "/";

    /// <summary>
    /// Gets or sets the NVIDIA driver root: <c>/</c> for a host-installed driver, <c>/run/nvidia/driver</c> for the GPU Operator.
    /// GPU device nodes are <c>&lt;DriverRoot&gt;/dev/nvidia&lt;minor&gt;</c>; the nvidia-persistenced socket is under it.
    /// </summary>
    [Required]
    public string DriverRoot { get; set; } = "/";

    /// <summary>Gets or sets the kernel modules directory (<c>/lib/modules</c>) holding <c>&lt;release&gt;/modules.alias</c>.</summary>
    [Required]
    public string ModulesRoot { get; set; } = "/lib/modules";

    /// <summary>Gets or sets the kernel release; <see langword="null"/> reads <c>&lt;ProcRoot&gt;/sys/kernel/osrelease</c>.</summary>
    public string? KernelRelease { get; set; }

    /// <summary>Gets or sets the deadline of one sysfs write (bind, unbind, driver_override, unbindLock).</summary>
    public TimeSpan SysfsWriteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long to wait for <c>/dev/vfio/&lt;group&gt;</c> (or the device cdev) after binding.</summary>
    public TimeSpan DeviceNodeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the polling interval of the waits (device nodes, holders).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets how many times the nvidia <c>unbindLock</c> is requested before giving up.</summary>
    [Range(1, 20)]
    public int UnbindLockAttempts { get; set; } = 5;

    /// <summary>Gets or sets the base delay between unbindLock attempts; attempt <c>n</c> waits <c>n</c> times this.</summary>
    public TimeSpan UnbindLockRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets a value indicating whether a missing VFIO module is loaded with modprobe during a switch.</summary>
    public bool LoadMissingModules { get; set; } = true;
}
