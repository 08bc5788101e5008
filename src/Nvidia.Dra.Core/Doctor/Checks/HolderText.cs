using System.Globalization;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>Evidence lines for processes and holders.</summary>
internal static class HolderText
{
    public static string KindName(NodeProcessKind kind) => kind switch
    {
        NodeProcessKind.DisplayManager => "display manager",
        NodeProcessKind.Persistenced => "nvidia-persistenced",
        NodeProcessKind.Dcgm => "DCGM",
        NodeProcessKind.DcgmExporter => "dcgm-exporter",
        NodeProcessKind.DevicePlugin => "nvidia-device-plugin",
        _ => "other",
    };

    /// <summary><c>PID 42 nv-hostengine (unit nvidia-dcgm.service) holds /dev/nvidia0 on fd 3 [DCGM]</c>.</summary>
    public static string Describe(DeviceHolder holder, NodeProcessKind kind) => string.Create(
        CultureInfo.InvariantCulture,
        $"PID {holder.Pid} {holder.Command} ({holder.Owner}) holds {holder.DevicePath} on fd {holder.FileDescriptor} [{KindName(kind)}]");
}
