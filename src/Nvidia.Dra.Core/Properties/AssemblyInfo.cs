using System.Runtime.Versioning;

// Core composes Nvidia.Dra.Vfio and Nvidia.Dra.Nvml, which are Linux-only (sysfs, procfs, libnvidia-ml).
[assembly: SupportedOSPlatform("linux")]
