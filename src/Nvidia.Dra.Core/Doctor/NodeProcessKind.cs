namespace Nvidia.Dra.Core.Doctor;

/// <summary>The kinds of process the NVIDIA guide's limitations table names, and everything else.</summary>
public enum NodeProcessKind
{
    /// <summary>Any other process.</summary>
    Other,

    /// <summary>Xorg, Xwayland or a display manager (gdm, sddm, lightdm, …): must be disabled.</summary>
    DisplayManager,

    /// <summary>nvidia-persistenced: may keep running from DRA driver v0.4.0 on.</summary>
    Persistenced,

    /// <summary>DCGM's host engine, <c>nv-hostengine</c>: recommended to disable.</summary>
    Dcgm,

    /// <summary>dcgm-exporter: recommended to disable.</summary>
    DcgmExporter,

    /// <summary>nvidia-device-plugin: not supported on the same node as the DRA driver.</summary>
    DevicePlugin,
}
