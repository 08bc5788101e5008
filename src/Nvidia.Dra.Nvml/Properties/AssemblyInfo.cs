using System.Runtime.CompilerServices;
using System.Runtime.Versioning;

// Everything here reads Linux sysfs/procfs or loads a Linux shared library.
[assembly: SupportedOSPlatform("linux")]

// The shared test library's NVML fake implements the internal raw-call seam, so that Core's tests run the real
// client logic over simulated GPUs.
[assembly: InternalsVisibleTo("Nvidia.Dra.Testing")]
