using System.Runtime.Versioning;

// nvdra drives Linux-only packages (NVML, VFIO); the attribute allows repeats, so other command folders may state it too.
[assembly: SupportedOSPlatform("linux")]
