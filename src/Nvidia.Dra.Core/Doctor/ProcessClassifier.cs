namespace Nvidia.Dra.Core.Doctor;

/// <summary>
/// Names a process after the NVIDIA guide's limitations table from its executable name (the first argument's file
/// name, or <c>comm</c>, which the kernel cuts to 15 characters) and its systemd unit.
/// </summary>
internal static class ProcessClassifier
{
    private const int CommLength = 15;

    private static readonly (NodeProcessKind Kind, string[] Names, string[] Units)[] Rules =
    [
        (NodeProcessKind.DisplayManager,
            ["Xorg", "X", "Xwayland", "gdm", "gdm3", "gdm-x-session", "gdm-wayland-session", "sddm", "sddm-greeter", "lightdm", "xdm", "gnome-shell", "kwin_x11", "kwin_wayland"],
            ["display-manager.service", "gdm.service", "gdm3.service", "sddm.service", "lightdm.service", "xdm.service"]),
        (NodeProcessKind.Persistenced, ["nvidia-persistenced"], ["nvidia-persistenced.service"]),
        (NodeProcessKind.Dcgm, ["nv-hostengine"], ["nvidia-dcgm.service", "dcgm.service"]),
        (NodeProcessKind.DcgmExporter, ["dcgm-exporter"], ["dcgm-exporter.service"]),
        (NodeProcessKind.DevicePlugin, ["nvidia-device-plugin"], ["nvidia-device-plugin.service"]),
    ];

    public static NodeProcessKind Classify(string command, string? executable, string? unit)
    {
        foreach (var (kind, names, units) in Rules)
        {
            foreach (var name in names)
            {
                // comm is the executable name cut to 15 characters: nvidia-device-plugin shows as nvidia-device-p.
                if (string.Equals(executable, name, StringComparison.Ordinal) ||
                    string.Equals(command, name.Length > CommLength ? name[..CommLength] : name, StringComparison.Ordinal))
                {
                    return kind;
                }
            }

            if (unit is not null && units.Contains(unit, StringComparer.Ordinal))
            {
                return kind;
            }
        }

        return NodeProcessKind.Other;
    }
}
