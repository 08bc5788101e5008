using System.Runtime.Versioning;

// nvdra drives the Linux-only packages (sysfs, procfs, libnvidia-ml).
[assembly: SupportedOSPlatform("linux")]
