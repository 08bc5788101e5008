using System.Runtime.Versioning;

// nvdra drives the Linux-only packages (sysfs, procfs, libnvidia-ml).
[assembly: SupportedOSPlatform("linux")]

// The samples' tests run nvdra in-process through its real entry (NvdraApp), usage errors included.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Nvidia.Dra.Samples.Tests")]
