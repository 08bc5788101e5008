using System.Globalization;
using Nvidia.Dra.Testing.Nvml;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Testing;

/// <summary>
/// A whole simulated node: a <see cref="SimulatedHost"/> (sysfs, /dev, /proc, kernel) and NVML
/// (<see cref="SimulatedNvml"/>) agreeing with it — every GPU of the topology on <c>nvidia</c> is an NVML GPU with
/// persistence on, and leaves NVML while on another driver.
/// </summary>
public sealed class SimulatedNode : IDisposable
{
    private SimulatedNode(SimulatedHost host)
    {
        Host = host;
        var gpus = host.Topology.Functions
            .Where(f => f.VendorId == PciClassCodes.NvidiaVendorId && f.ClassCode >> 8 is 0x0300 or 0x0302 && f.PhysicalFunction is null)
            .Select((f, index) => new FakeGpu
            {
                Uuid = string.Create(CultureInfo.InvariantCulture, $"GPU-{f.Address.Bus:x2}{f.Address.Device:x2}{f.Address.Function:x4}-5e1d-4c2a-9b7e-{index:x12}"),
                PciBusId = f.Address.ToString(),
                MinorNumber = f.NvidiaMinor ?? index,
                Name = ProductName(f.DeviceId),
                PciDeviceId = ((uint)f.DeviceId << 16) | f.VendorId,
                PciSubsystemId = ((uint)f.SubsystemDeviceId << 16) | f.SubsystemVendorId,
            });
        Nvml = new SimulatedNvml(host, new FakeNvml(gpus));
    }

    /// <summary>Gets the host.</summary>
    public SimulatedHost Host { get; }

    /// <summary>Gets NVML.</summary>
    public SimulatedNvml Nvml { get; }

    /// <summary>Gets the product name NVML reports for a PCI device id of the simulated topologies.</summary>
    /// <param name="deviceId">The PCI device id.</param>
    /// <returns>The name.</returns>
    public static string ProductName(ushort deviceId) => deviceId switch
    {
        0x2330 => "NVIDIA H100 80GB HBM3",
        0x2335 => "NVIDIA H200",
        0x2342 => "NVIDIA GH200 480GB",
        0x2684 => "NVIDIA GeForce RTX 4090",
        0x20b5 => "NVIDIA A100 80GB PCIe",
        0x2bb5 => "NVIDIA RTX PRO 6000 Blackwell Server Edition",
        _ => "NVIDIA GPU",
    };

    /// <summary>Builds a node in a fresh temporary directory.</summary>
    /// <param name="topology">The machine.</param>
    /// <returns>The node; dispose it to delete the directory.</returns>
    public static SimulatedNode Create(SimulatedTopology topology) => new(SimulatedHost.Create(topology));

    /// <summary>Reopens a node another process built (see <see cref="SimulatedHost.Open"/>).</summary>
    /// <param name="root">The tree's root.</param>
    /// <param name="topology">The topology it was built from.</param>
    /// <returns>The node; disposing it keeps the tree.</returns>
    public static SimulatedNode Open(string root, SimulatedTopology topology) => new(SimulatedHost.Open(root, topology));

    /// <inheritdoc/>
    public void Dispose()
    {
        Nvml.Dispose();
        Host.Dispose();
    }
}
