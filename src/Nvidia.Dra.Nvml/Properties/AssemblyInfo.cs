using System.Runtime.Versioning;

// Everything here reads Linux sysfs/procfs or loads a Linux shared library.
[assembly: SupportedOSPlatform("linux")]
