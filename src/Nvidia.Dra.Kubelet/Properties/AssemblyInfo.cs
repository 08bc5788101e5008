using System.Runtime.Versioning;

// kubelet plugins are Unix-socket servers on Linux nodes.
[assembly: SupportedOSPlatform("linux")]
