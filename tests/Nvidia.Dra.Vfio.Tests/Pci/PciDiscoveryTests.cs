using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Vfio.Tests;

public sealed class PciDiscoveryTests
{
    [Fact]
    public void GetNvidiaGpus_SxmH200_ReturnsGpuWithItsSysfsFacts()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());

        var gpu = vfio.Discovery.GetNvidiaGpus().Should().ContainSingle().Subject;

        gpu.Address.Should().Be(Addresses.SxmGpu);
        gpu.VendorId.Should().Be(0x10de);
        gpu.DeviceId.Should().Be(0x2335);
        gpu.ClassCode.Should().Be(0x030200);
        gpu.SubsystemDeviceId.Should().Be(0x18bf);
        gpu.Revision.Should().Be(0xa1);
        gpu.Driver.Should().Be("nvidia");
        gpu.DriverOverride.Should().BeNull();
        gpu.IommuGroup.Should().Be(20);
        gpu.NumaNode.Should().Be(0);
        gpu.LocalCpuList.Should().Be("0-15");
        gpu.Modalias.Should().Be("pci:v000010DEd00002335sv000010DEsd000018BFbc03sc02i00");
        gpu.Sriov.Should().Be(SriovInfo.None);
        gpu.PciBusId.Should().Be("0000:1b:00.0");
        gpu.PcieRoot.Should().Be("pci0000:1a");
        gpu.Bars.Select(b => (b.Index, b.Size, b.Is64Bit, b.IsPrefetchable)).Should().Equal(
            (0, 16UL << 20, true, true), (2, 256UL << 30, true, true), (4, 32UL << 20, true, true));
        gpu.AddressableMemoryBytes.Should().Be(512UL << 30, "16 MiB + 256 GiB + 32 MiB rounds up to the next power of two");
        gpu.VfioCdev.Should().BeNull();
    }

    [Fact]
    public void GetFunctionForPlan_Bridge_ReadsOnlyItsIdentityAndDriver()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());

        var full = vfio.Discovery.GetFunction(Addresses.SxmRootPort);
        var bridge = vfio.Discovery.GetFunctionForPlan(Addresses.SxmRootPort);

        bridge.IsBridge.Should().BeTrue();
        bridge.Should().BeEquivalentTo(new { full.Address, full.VendorId, full.DeviceId, full.ClassCode, full.Driver });
        bridge.Driver.Should().Be("pcieport");
        full.IommuGroup.Should().Be(20, "the full read has the group link");
        bridge.IommuGroup.Should().BeNull("nothing but the identity and the driver of a bridge is read");
        bridge.Modalias.Should().NotBeNull().And.Be(full.Modalias, "the identity is taken from it");
    }

    [Fact]
    public void GetFunctionForPlan_TakesTheIdentityFromTheModaliasAlone()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var full = vfio.Discovery.GetFunction(Addresses.SxmGpu);

        // Were the three identity files read, these would fail the plan's read with their format errors.
        foreach (var attribute in new[] { "vendor", "device", "class" })
        {
            vfio.Host.SetAttribute(Addresses.SxmGpu, attribute, "garbage\n");
        }

        var planned = vfio.Discovery.GetFunctionForPlan(Addresses.SxmGpu);

        planned.Should().BeEquivalentTo(new { full.VendorId, full.DeviceId, full.ClassCode, full.Modalias });
        planned.IsNvidiaGpu.Should().BeTrue();
    }

    [Theory]
    [InlineData("pci:v000010DEd00002335")]
    [InlineData("usb:v000010DEd00002335sv000010DEsd000018BFbc03sc02i00")]
    [InlineData("pci:v000010DEd00002335sv000010DEsd000018BFbc03sc0Zi00")]
    [InlineData("pci:v000110DEd00002335sv000010DEsd000018BFbc03sc02i00")]
    public void GetFunctionForPlan_ModaliasNotInTheKernelsFormat_ReadsTheIdentityFiles(string modalias)
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        vfio.Host.SetAttribute(Addresses.SxmGpu, "modalias", modalias + "\n");

        var planned = vfio.Discovery.GetFunctionForPlan(Addresses.SxmGpu);

        planned.Should().BeEquivalentTo(new { VendorId = (ushort)0x10de, DeviceId = (ushort)0x2335, ClassCode = 0x030200, Modalias = modalias });
    }

    [Fact]
    public void GetFunctionForPlan_ModaliasNotInTheKernelsFormat_KeepsTheFormatChecksOfTheIdentityFiles()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        vfio.Host.SetAttribute(Addresses.SxmGpu, "modalias", "pci:nonsense\n");
        vfio.Host.SetAttribute(Addresses.SxmGpu, "vendor", "0xnvidia\n");

        var act = () => vfio.Discovery.GetFunctionForPlan(Addresses.SxmGpu);

        act.Should().Throw<SysfsFormatException>().Which.Path.Should().EndWith("vendor");
    }

    [Fact]
    public void GetFunctionForPlan_Gpu_ReadsWhatThePlanChecksAndLeavesOutTheDescriptiveAttributes()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());

        var full = vfio.Discovery.GetFunction(Addresses.SxmGpu);
        var planned = vfio.Discovery.GetFunctionForPlan(Addresses.SxmGpu);

        planned.Should().BeEquivalentTo(new { full.Address, full.VendorId, full.DeviceId, full.ClassCode, full.Driver, full.DriverOverride, full.IommuGroup, full.Sriov, full.Modalias, full.Consumers, full.IsNvidiaGpu, full.Binding });
        full.Bars.Should().NotBeEmpty();
        full.NumaNode.Should().Be(0);
        full.PcieRoot.Should().NotBeNull();
        planned.Bars.Should().BeEmpty("the plan checks no BAR");
        planned.NumaNode.Should().BeNull();
        planned.LocalCpuList.Should().BeNull();
        planned.PcieRoot.Should().BeNull();
    }

    [Fact]
    public void GetFunctionForPlan_SriovPf_ReadsItsVirtualFunctions()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SriovVfsEnabled());

        vfio.Discovery.GetFunctionForPlan(Addresses.SriovPf).Sriov.Should().Be(new SriovInfo(16, 2, null));
        vfio.Discovery.GetFunctionForPlan(Addresses.SriovVf).Sriov.PhysicalFunction.Should().Be(Addresses.SriovPf);
    }

    [Fact]
    public void GetDriver_ReadsTheDriverLinkAndNothingElse()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var overridePath = Path.Join(vfio.Host.SysfsRoot, "bus/pci/devices", Addresses.SxmGpu.ToString(), "driver_override");
        File.WriteAllText(overridePath, "not a driver name!\n");

        vfio.Discovery.GetDriver(Addresses.SxmGpu).Should().Be("nvidia", "driver_override is not read");
        vfio.Discovery.GetDriver(Addresses.SxmRootPort).Should().Be("pcieport");
        vfio.Invoking(v => v.Discovery.ReadBinding(Addresses.SxmGpu)).Should().Throw<SysfsFormatException>("the binding does read the override");
        vfio.Invoking(v => v.Discovery.GetDriver(PciAddress.Parse("0000:ff:1f.7"))).Should().Throw<PciDeviceNotFoundException>();
    }

    [Fact]
    public void SingleReads_TellAnAbsentLinkFromAnAbsentFunction()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Driverless());
        var gone = PciAddress.Parse("0000:ff:1f.7");

        // The reads stat the function's directory only when what they read inside it is absent.
        vfio.Discovery.GetDriver(Addresses.SxmGpu).Should().BeNull("a function without a driver is a valid state");
        vfio.Discovery.ReadBinding(Addresses.SxmGpu).Should().Be(new FunctionBinding(Addresses.SxmGpu, null, null));
        vfio.Invoking(v => v.Discovery.ReadBinding(gone)).Should().Throw<PciDeviceNotFoundException>();
        vfio.Invoking(v => v.Discovery.GetIommuGroup(gone)).Should().Throw<PciDeviceNotFoundException>();
        vfio.Invoking(v => v.Discovery.GetFunctionForPlan(gone)).Should().Throw<PciDeviceNotFoundException>();
    }

    [Fact]
    public void GetFunctions_Hgx_RecognisesNvSwitchesButReturnsOnlyGpusAsGpus()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Hgx8Gpu());

        var functions = vfio.Discovery.GetFunctions();
        var gpus = vfio.Discovery.GetNvidiaGpus();

        gpus.Should().HaveCount(8).And.BeInAscendingOrder(g => g.Address);
        functions.Where(f => f.IsNvSwitch).Should().HaveCount(4).And.OnlyContain(f => !f.IsNvidiaGpu && f.Driver == "nvidia-nvswitch");
        gpus.Select(g => g.NumaNode).Should().Equal(0, 0, 0, 0, 1, 1, 1, 1);
        gpus.Select(g => g.PcieRoot).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void GetNvidiaGpus_SriovVfsEnabled_SkipsVirtualFunctions()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SriovVfsEnabled());

        var gpu = vfio.Discovery.GetNvidiaGpus().Should().ContainSingle().Subject;
        var vf = vfio.Discovery.GetFunction(Addresses.SriovVf);

        gpu.Address.Should().Be(Addresses.SriovPf);
        gpu.Sriov.Should().Be(new SriovInfo(16, 2, null));
        vf.Sriov.PhysicalFunction.Should().Be(Addresses.SriovPf);
        vf.IsNvidiaGpu.Should().BeFalse();
    }

    [Fact]
    public void GetFunction_WorkstationGpu_ListsAudioConsumer()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.WorkstationWithAudio());

        vfio.Discovery.GetFunction(Addresses.WorkstationGpu).Consumers.Should().Equal(Addresses.WorkstationAudio);
    }

    [Fact]
    public void GetFunction_Missing_ThrowsPciDeviceNotFound()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());

        var act = () => vfio.Discovery.GetFunction(PciAddress.Parse("0000:99:00.0"));

        act.Should().Throw<PciDeviceNotFoundException>().Which.Message.Should().Contain("0000:99:00.0");
    }

    [Theory]
    [InlineData("vendor", "0xnvidia\n")]
    [InlineData("vendor", "0x10de10de\n")]
    [InlineData("numa_node", "zero\n")]
    [InlineData("driver_override", "../../../etc/passwd\n")]
    [InlineData("driver_override", "vfio-pci nvidia\n")]
    [InlineData("resource", "0x1000 0x0fff\n")]
    public void GetFunction_MalformedAttribute_ThrowsNamingFileAndValue(string attribute, string content)
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        vfio.Host.SetAttribute(Addresses.SxmGpu, attribute, content);

        var act = () => vfio.Discovery.GetFunction(Addresses.SxmGpu);

        var error = act.Should().Throw<SysfsFormatException>().Which;
        error.Path.Should().EndWith(attribute);
        error.Value.Should().Be(content.TrimEnd('\n').Split('\n')[0]);
        error.Device.Should().Be(Addresses.SxmGpu);
        error.Message.Should().Contain("expected");
    }

    [Fact]
    public void ReadBinding_AlreadyOnVfio_ReturnsDriverAndOverride()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.AlreadyOnVfio());

        vfio.Discovery.ReadBinding(Addresses.SxmGpu).Should().Be(new FunctionBinding(Addresses.SxmGpu, "vfio-pci", "vfio-pci"));
    }

    [Fact]
    public void GetNvidiaGpus_Driverless_ReturnsGpuWithoutDriver()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Driverless());

        vfio.Discovery.GetNvidiaGpus().Should().ContainSingle().Which.Driver.Should().BeNull();
    }

    [Fact]
    public void GetNvidiaGpus_MissingSysfsTree_ReturnsEmpty()
    {
        var discovery = new PciDiscovery(Microsoft.Extensions.Options.Options.Create(new VfioHostOptions { SysfsRoot = "/nonexistent-nvdra-root" }));

        discovery.GetNvidiaGpus().Should().BeEmpty();
    }

    [Fact]
    public void GetNvidiaGpus_ThisMachinesRealSysfs_ReadsWithoutError()
    {
        // Read-only: whatever this machine has, discovery must not throw, and only GPUs come back.
        var gpus = new PciDiscovery().GetNvidiaGpus();

        gpus.Where(g => !g.IsNvidiaGpu).Should().BeEmpty();
    }

    [Fact]
    public void ListNvidiaFunctions_OneGpuWithMalformedNumaNode_ListsItWhileGetNvidiaGpusFails()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Hgx8Gpu());
        var bad = PciAddress.Parse("0000:18:00.0");
        vfio.Host.SetAttribute(bad, "numa_node", "abc\n");

        var addresses = vfio.Discovery.ListNvidiaFunctions();

        addresses.Should().Contain(bad).And.BeInAscendingOrder();
        addresses.Where(a => a != bad).Select(vfio.Discovery.GetFunction).Count(f => f.IsNvidiaGpu).Should().Be(7);
        var whole = () => vfio.Discovery.GetNvidiaGpus();
        whole.Should().Throw<SysfsFormatException>();
        var one = () => vfio.Discovery.GetFunction(bad);
        one.Should().Throw<SysfsFormatException>().Which.Message.Should().Contain("numa_node");
    }
}
