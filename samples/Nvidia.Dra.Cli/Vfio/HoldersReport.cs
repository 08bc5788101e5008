namespace Nvidia.Dra.Cli.Vfio;

/// <summary>What <c>nvdra holders --json</c> prints.</summary>
internal sealed record HoldersReport(string ProcRoot, IReadOnlyList<string> DeviceNodes, bool PersistencedRunning, IReadOnlyList<HolderReport> Holders, IReadOnlyList<string> Warnings);

/// <summary>One holder.</summary>
internal sealed record HolderReport(int Pid, string Command, string Owner, string DevicePath, int FileDescriptor, string Line);
