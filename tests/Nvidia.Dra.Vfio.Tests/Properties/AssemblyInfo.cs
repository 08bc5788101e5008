using System.Runtime.Versioning;

// The package under test reads Linux sysfs/procfs.
[assembly: SupportedOSPlatform("linux")]
