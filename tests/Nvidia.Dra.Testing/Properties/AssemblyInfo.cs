using System.Runtime.Versioning;

// The simulated host and the NVML fake stand in for Linux sysfs, procfs and libnvidia-ml.
[assembly: SupportedOSPlatform("linux")]
