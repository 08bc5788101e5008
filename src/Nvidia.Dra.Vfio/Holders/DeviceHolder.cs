using System.Globalization;

namespace Nvidia.Dra.Vfio;

/// <summary>A process holding a device node open.</summary>
/// <param name="Pid">The process id (in the scanned proc root's PID namespace).</param>
/// <param name="Command">The command name from <c>/proc/&lt;pid&gt;/comm</c> (at most 15 characters).</param>
/// <param name="Owner">The owning systemd unit or container.</param>
/// <param name="DevicePath">The device node it holds, as the scan named it.</param>
/// <param name="FileDescriptor">The descriptor number.</param>
public sealed record DeviceHolder(int Pid, string Command, HolderOwner Owner, string DevicePath, int FileDescriptor)
{
    /// <summary>The NVIDIA guide's form: <c>PID 1210233 holds /run/nvidia/driver/dev/nvidia0</c>.</summary>
    /// <returns>The line.</returns>
    public string ToGuideLine() => string.Create(CultureInfo.InvariantCulture, $"PID {Pid} holds {DevicePath}");

    /// <summary>A short description naming process and owner, for messages.</summary>
    /// <returns>E.g. <c>PID 42 (dcgm-exporter, container 3f2a…)</c>.</returns>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"PID {Pid} ({Command}, {Owner})");
}
