using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Testing;

/// <summary>The machines the tests and demos run on.</summary>
public static class SimulatedTopologies
{
    private const ulong Mem64Prefetch = 0x14220c;
    private const ulong Mem32 = 0x40200;
    private const string NoCdevSuffix = "-no-cdev";

    /// <summary>Gets every named topology, for tests that run on all of them.</summary>
    public static IReadOnlyList<SimulatedTopology> All =>
    [
        SxmH200(), SxmH100(), WorkstationWithAudio(), GroupSharedWithNic(), Hgx8Gpu(), AlreadyOnVfio(), Driverless(),
        SriovVfsEnabled(), IommuOff(), IommufdOn(), GraceHopper(),
    ];

    /// <summary>One SXM H200 on nvidia (3D controller, no audio function), its root port in the same group.</summary>
    /// <returns>The topology.</returns>
    public static SimulatedTopology SxmH200() => Sxm("sxm-h200", 0x2335, 0x18bf);

    /// <summary>One SXM H100 on nvidia (no audio function).</summary>
    /// <returns>The topology.</returns>
    public static SimulatedTopology SxmH100() => Sxm("sxm-h100", 0x2330, 0x16c1);

    /// <summary>A workstation GPU (VGA) with its HDMI audio function in the same group, on snd_hda_intel.</summary>
    /// <returns>The topology.</returns>
    public static SimulatedTopology WorkstationWithAudio()
    {
        var gpu = new PciAddress(0, 0x01, 0, 0);
        var audio = new PciAddress(0, 0x01, 0, 1);
        return new SimulatedTopology
        {
            Name = "workstation-with-audio",
            Functions =
            [
                Gpu(gpu, 0x2684, group: 12, minor: 0) with { ClassCode = 0x030000, Consumers = [audio], SubsystemDeviceId = 0x167c },
                new SimulatedFunction { Address = audio, DeviceId = 0x22ba, ClassCode = 0x040300, Driver = "snd_hda_intel", IommuGroup = 12, Bars = [(0, 0xfc080000, 0x4000, Mem32)] },
            ],
        };
    }

    /// <summary>A GPU whose group also holds a Mellanox NIC in use by the host: not viable.</summary>
    /// <returns>The topology.</returns>
    public static SimulatedTopology GroupSharedWithNic() => new()
    {
        Name = "group-shared-with-nic",
        Functions =
        [
            Gpu(new PciAddress(0, 0x41, 0, 0), 0x20b5, group: 30, minor: 0),
            new SimulatedFunction { Address = new PciAddress(0, 0x42, 0, 0), VendorId = 0x15b3, DeviceId = 0x101b, SubsystemVendorId = 0x15b3, SubsystemDeviceId = 0x0007, ClassCode = 0x020000, Driver = "mlx5_core", IommuGroup = 30, RootComplex = "pci0000:41" },
        ],
    };

    /// <summary>An 8-GPU HGX H100 board with four NVSwitches, every function in its own group, two NUMA nodes.</summary>
    /// <returns>The topology.</returns>
    public static SimulatedTopology Hgx8Gpu()
    {
        byte[] buses = [0x18, 0x2a, 0x3a, 0x5d, 0x9a, 0xab, 0xba, 0xdb];
        var functions = new List<SimulatedFunction>();
        for (var i = 0; i < buses.Length; i++)
        {
            functions.Add(Gpu(new PciAddress(0, buses[i], 0, 0), 0x2330, group: 40 + i, minor: i) with
            {
                NumaNode = i < 4 ? 0 : 1,
                LocalCpuList = i < 4 ? "0-55,112-167" : "56-111,168-223",
                RootComplex = $"pci0000:{buses[i] - 1:x2}",
            });
        }

        for (var s = 0; s < 4; s++)
        {
            functions.Add(new SimulatedFunction
            {
                Address = new PciAddress(0, (byte)(0xc0 + s), 0, 0),
                DeviceId = 0x22a3,
                ClassCode = 0x068000,
                Driver = "nvidia-nvswitch",
                IommuGroup = 60 + s,
                NumaNode = 1,
                Bars = [(0, 0xe0000000UL + ((ulong)s << 25), 0x2000000, Mem32)],
            });
        }

        return new SimulatedTopology { Name = "hgx-8-gpu", Functions = functions };
    }

    /// <summary>An H100 that the administrator bound to vfio-pci at boot.</summary>
    /// <returns>The topology.</returns>
    public static SimulatedTopology AlreadyOnVfio() => new()
    {
        Name = "already-on-vfio",
        Functions = [Gpu(new PciAddress(0, 0x1b, 0, 0), 0x2330, group: 21, minor: null) with { Driver = "vfio-pci", DriverOverride = "vfio-pci" }],
    };

    /// <summary>An H100 with no driver bound (left so by a crash, or never probed).</summary>
    /// <returns>The topology.</returns>
    public static SimulatedTopology Driverless() => new()
    {
        Name = "driverless",
        Functions = [Gpu(new PciAddress(0, 0x1b, 0, 0), 0x2330, group: 22, minor: null) with { Driver = null }],
    };

    /// <summary>An SR-IOV capable GPU with two VFs enabled.</summary>
    /// <returns>The topology.</returns>
    public static SimulatedTopology SriovVfsEnabled()
    {
        var pf = new PciAddress(0, 0x81, 0, 0);
        return new SimulatedTopology
        {
            Name = "sriov-vfs-enabled",
            Functions =
            [
                Gpu(pf, 0x2bb5, group: 50, minor: 0) with { SriovTotalVfs = 16, SriovNumVfs = 2 },
                new SimulatedFunction { Address = new PciAddress(0, 0x81, 0, 4), DeviceId = 0x2bb5, PhysicalFunction = pf, IommuGroup = 51 },
                new SimulatedFunction { Address = new PciAddress(0, 0x81, 0, 5), DeviceId = 0x2bb5, PhysicalFunction = pf, IommuGroup = 52 },
            ],
        };
    }

    /// <summary>An H200 on a host booted without IOMMU: no groups at all.</summary>
    /// <returns>The topology.</returns>
    public static SimulatedTopology IommuOff() => Sxm("iommu-off", 0x2335, 0x18bf) with { IommuEnabled = false };

    /// <summary>An H200 on a host with iommufd (<c>/dev/iommu</c>) and VFIO device cdevs.</summary>
    /// <returns>The topology.</returns>
    public static SimulatedTopology IommufdOn() => Sxm("iommufd-on", 0x2335, 0x18bf) with { IommufdEnabled = true, VfioDev = SimulatedVfioDev.Cdev };

    /// <summary>
    /// The same machine on a kernel without <c>CONFIG_VFIO_DEVICE_CDEV</c> (Debian 12's 6.1 and 6.12): binding a
    /// VFIO driver creates <c>vfio-dev/vfioN</c> without a <c>dev</c> file and no <c>/dev/vfio/devices/</c>.
    /// <c>/dev/iommu</c> stays as the topology says (iommufd can be built without the device cdev).
    /// </summary>
    /// <param name="topology">The machine.</param>
    /// <returns>The topology, named <c>&lt;name&gt;-no-cdev</c>.</returns>
    public static SimulatedTopology WithoutDeviceCdev(SimulatedTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return topology with { Name = topology.Name + NoCdevSuffix, VfioDev = SimulatedVfioDev.WithoutCdev };
    }

    /// <summary>Finds a topology of <see cref="All"/> by name, or its <see cref="WithoutDeviceCdev"/> variant.</summary>
    /// <param name="name">The name (<c>sxm-h200</c>, <c>sxm-h200-no-cdev</c>).</param>
    /// <returns>The topology.</returns>
    public static SimulatedTopology Find(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name.EndsWith(NoCdevSuffix, StringComparison.Ordinal)
            ? WithoutDeviceCdev(All.Single(t => t.Name == name[..^NoCdevSuffix.Length]))
            : All.Single(t => t.Name == name);
    }

    /// <summary>A GH200 whose modules.alias selects nvgrace_gpu_vfio_pci, not yet loaded; its driver keeps underscores.</summary>
    /// <returns>The topology.</returns>
    public static SimulatedTopology GraceHopper() => new()
    {
        Name = "grace-hopper",
        Functions = [Gpu(new PciAddress(9, 0x01, 0, 0), 0x2342, group: 9, minor: 0)],
        LoadedModules = ["nvidia", "vfio_pci"],
        ModuleAliases =
        [
            "alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci",
            "alias vfio_pci:v000010DEd00002342sv*sd*bc*sc*i* nvgrace_gpu_vfio_pci",
            "alias vfio_pci:v000010DEd*sv*sd*bc03sc*i* zz_other_vfio_pci",
        ],
    };

    private static SimulatedTopology Sxm(string name, ushort deviceId, ushort subsystem) => new()
    {
        Name = name,
        Functions =
        [
            Gpu(new PciAddress(0, 0x1b, 0, 0), deviceId, group: 20, minor: 0) with { SubsystemDeviceId = subsystem, NumaNode = 0, RootComplex = "pci0000:1a" },
            new SimulatedFunction { Address = new PciAddress(0, 0x1a, 0, 0), VendorId = 0x8086, DeviceId = 0x352a, SubsystemVendorId = 0x8086, ClassCode = 0x060400, Driver = "pcieport", IommuGroup = 20, NumaNode = 0 },
        ],
    };

    private static SimulatedFunction Gpu(PciAddress address, ushort deviceId, int group, int? minor) => new()
    {
        Address = address,
        DeviceId = deviceId,
        SubsystemDeviceId = 0x1839,
        Driver = minor is null ? null : "nvidia",
        IommuGroup = group,
        NvidiaMinor = minor,
        HasUnbindLock = true,
        Bars =
        [
            (0, 0x104002000000UL + ((ulong)address.Bus << 32), 16UL << 20, Mem64Prefetch),
            (2, 0x100000000000UL + ((ulong)address.Bus << 40), 256UL << 30, Mem64Prefetch),
            (4, 0x104000000000UL + ((ulong)address.Bus << 32), 32UL << 20, Mem64Prefetch),
        ],
    };
}
