using System.Runtime.Versioning;

// The NVML fake drives the Linux-only Nvidia.Dra.Nvml; the attribute allows repeats, so other folders may state it too.
[assembly: SupportedOSPlatform("linux")]
