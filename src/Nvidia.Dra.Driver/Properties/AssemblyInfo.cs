using System.Runtime.CompilerServices;
using System.Runtime.Versioning;

// A kubelet plugin: Linux nodes only.
[assembly: SupportedOSPlatform("linux")]
[assembly: InternalsVisibleTo("Nvidia.Dra.Driver.Tests")]
