namespace Nvidia.Dra.Vfio.Tests;

/// <summary>Addresses used by the simulated topologies.</summary>
internal static class Addresses
{
    public static readonly PciAddress SxmGpu = PciAddress.Parse("0000:1b:00.0");
    public static readonly PciAddress SxmRootPort = PciAddress.Parse("0000:1a:00.0");
    public static readonly PciAddress WorkstationGpu = PciAddress.Parse("0000:01:00.0");
    public static readonly PciAddress WorkstationAudio = PciAddress.Parse("0000:01:00.1");
    public static readonly PciAddress NicGroupGpu = PciAddress.Parse("0000:41:00.0");
    public static readonly PciAddress Nic = PciAddress.Parse("0000:42:00.0");
    public static readonly PciAddress SriovPf = PciAddress.Parse("0000:81:00.0");
    public static readonly PciAddress SriovVf = PciAddress.Parse("0000:81:00.4");
    public static readonly PciAddress GraceGpu = PciAddress.Parse("0009:01:00.0");
    public static readonly PciAddress CaptureGpu = PciAddress.Parse("0000:00:06.0");
}
