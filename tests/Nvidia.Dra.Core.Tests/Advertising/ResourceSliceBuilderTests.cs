using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.FeatureGates;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Core.Tests.Support;

namespace Nvidia.Dra.Core.Tests.Advertising;

public class ResourceSliceBuilderTests
{
    private static readonly FeatureGateSet Passthrough = FeatureGateSet.Parse("PassthroughSupport=true,DeviceMetadata=true");

    // Most tests describe a node that serves container claims too, so both views and the counters are published.
    private static AdvertisingInput Input(IReadOnlyList<PhysicalGpu> gpus, FeatureGateSet? gates = null, bool adopt = false) => new()
    {
        ContainerClaims = true,
        NodeName = "h200-node-1",
        Gates = gates ?? Passthrough,
        PassthroughAvailable = true,
        IommuFdAvailable = false,
        AdoptPreBoundVfioDevices = adopt,
        Gpus = gpus,
    };

    [Fact]
    public void Build_PassthroughOnlyNode_PublishesVfioViewsWithoutCounters()
    {
        var publication = new ResourceSliceBuilder().Build(Input(TestGpus.EightGpuNode()) with { ContainerClaims = false });

        publication.Devices.Should().HaveCount(8).And.OnlyContain(d => d.Kind == DeviceKind.Vfio);
        publication.Slices.Should().ContainSingle().Which.Spec.SharedCounters.Should().BeNull();
        publication.Devices.Should().OnlyContain(d => d.Device.ConsumesCounters == null);
    }

    [Fact]
    public void Build_NodeSideExclusion_NoCounters_AndEachHeldGpuLosesItsSiblingView()
    {
        var gpus = TestGpus.EightGpuNode().ToList();
        var prepared = gpus[0] with { PreparedByThisDriver = true };
        gpus[0] = prepared;
        var containerHeld = gpus[1].PciAddress.ToLowerInvariant();

        var publication = new ResourceSliceBuilder().Build(Input(gpus) with
        {
            Exclusion = SliceExclusion.NodeSide,
            ContainerHeldGpus = new HashSet<string>(StringComparer.Ordinal) { containerHeld },
        });

        publication.Slices.Should().OnlyContain(s => s.Spec.SharedCounters == null);
        publication.Devices.Should().HaveCount(14, "8 GPUs with two views each, less one withdrawn sibling per held GPU");
        publication.Devices.Should().NotContain(d => d.Name == DeviceNames.Gpu(prepared.PciAddress));
        publication.Devices.Should().Contain(d => d.Name == DeviceNames.Vfio(prepared.PciAddress));
        publication.Devices.Should().NotContain(d => d.Name == DeviceNames.Vfio(containerHeld));
        publication.Devices.Should().Contain(d => d.Name == DeviceNames.Gpu(containerHeld));
    }

    [Fact]
    public void Build_OneH200_MatchesGolden()
    {
        var publication = new ResourceSliceBuilder().Build(Input([TestGpus.H200()]));

        Golden.Match("resourceslices-1gpu.json", KubernetesJson.ToManifest(publication.Slices));
    }

    [Fact]
    public void Build_EightGpus_MatchesGolden()
    {
        var publication = new ResourceSliceBuilder().Build(Input(TestGpus.EightGpuNode()));

        Golden.Match("resourceslices-8gpu.json", KubernetesJson.ToManifest(publication.Slices));
        publication.Slices.Should().HaveCount(2, "8 counter sets fit one counter slice and 16 devices one device slice");
        publication.Slices.Should().OnlyContain(s => s.Spec.Pool.ResourceSliceCount == 2 && s.Spec.Pool.Generation == 1);
    }

    [Fact]
    public void Build_FortyGpus_SplitsCountersByEightAndDevicesBySixtyFour()
    {
        var gpus = Enumerable.Range(0, 40).Select(i => TestGpus.H200($"0000:{i + 0x10:x2}:00.0", minor: i, iommuGroup: i)).ToList();

        var publication = new ResourceSliceBuilder().Build(Input(gpus));

        var counterSlices = publication.Slices.Where(s => s.Spec.SharedCounters is not null).ToList();
        var deviceSlices = publication.Slices.Where(s => s.Spec.Devices is not null).ToList();
        counterSlices.Select(s => s.Spec.SharedCounters!.Count).Should().Equal(8, 8, 8, 8, 8);
        deviceSlices.Select(s => s.Spec.Devices!.Count).Should().Equal(64, 16);
        publication.Slices.Should().OnlyContain(s => s.Spec.Pool.ResourceSliceCount == 7);
        publication.Slices.Select(s => s.Metadata.Name).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Build_TenGpusSplit_MatchesGolden()
    {
        var gpus = Enumerable.Range(0, 10).Select(i => TestGpus.H200($"0000:{i + 0x10:x2}:00.0", minor: i, iommuGroup: i)).ToList();

        var publication = new ResourceSliceBuilder().Build(Input(gpus));

        publication.Slices.Where(s => s.Spec.SharedCounters is not null).Select(s => s.Spec.SharedCounters!.Count).Should().Equal(8, 2);
        Golden.Match("resourceslices-split.json", KubernetesJson.ToManifest(publication.Slices));
    }

    [Fact]
    public void Build_BothViews_ConsumeTheSameSingleCounter()
    {
        var publication = new ResourceSliceBuilder().Build(Input([TestGpus.H200("0000:65:00.0")]));

        var gpu = publication.Find("gpu-0000-65-00-0")!.Device;
        var vfio = publication.Find("gpu-vfio-0000-65-00-0")!.Device;
        var set = publication.Slices.SelectMany(s => s.Spec.SharedCounters ?? []).Should().ContainSingle().Which;
        set.Name.Should().Be("pci-0000-65-00-0");
        set.Counters.Should().ContainSingle().Which.Value.Value.Should().Be("1");
        foreach (var device in new[] { gpu, vfio })
        {
            var consumption = device.ConsumesCounters.Should().ContainSingle().Which;
            consumption.CounterSet.Should().Be(set.Name);
            consumption.Counters.Should().ContainKey("gpu").WhoseValue.Value.Should().Be("1");
        }
    }

    [Fact]
    public void Build_Attributes_AsUpstreamPlusIommuGroup()
    {
        var publication = new ResourceSliceBuilder().Build(Input([TestGpus.H200("0000:65:00.0", iommuGroup: 42, numa: 1, pcieRoot: "pci0000:64")]));

        var gpu = publication.Find("gpu-0000-65-00-0")!.Device;
        gpu.Attributes!.Keys.Should().BeEquivalentTo(
            "type", "uuid", "productName", "brand", "architecture", "cudaComputeCapability", "driverVersion", "cudaDriverVersion",
            "resource.kubernetes.io/pciBusID", "resource.kubernetes.io/pcieRoot", "resource.kubernetes.io/numaNode");
        gpu.Attributes["driverVersion"].Version.Should().Be("580.159.4");
        gpu.Attributes["cudaComputeCapability"].Version.Should().Be("9.0.0");
        gpu.Attributes["cudaDriverVersion"].Version.Should().Be("13.0.0");
        gpu.Capacity!["memory"].Value.Should().Be("143771Mi");

        var vfio = publication.Find("gpu-vfio-0000-65-00-0")!.Device;
        vfio.Attributes!.Keys.Should().BeEquivalentTo(
            "type", "uuid", "deviceID", "vendorID", "productName", "iommuFDEnabled", "iommuGroup",
            "resource.kubernetes.io/pciBusID", "resource.kubernetes.io/pcieRoot", "resource.kubernetes.io/numaNode");
        vfio.Attributes["iommuGroup"].Int.Should().Be(42);
        vfio.Attributes["resource.kubernetes.io/numaNode"].Int.Should().Be(1);
        vfio.Attributes["deviceID"].String.Should().Be("0x2335");
        vfio.Capacity!["addressableMemory"].Value.Should().Be("512Gi", "16 MiB + 256 GiB + 32 MiB rounds up to 512 GiB");
    }

    [Fact]
    public void Build_VfioUuid_IsVersion5OfPciAddress()
    {
        // Upstream derives it as UUIDv5(DNS namespace, PCI address); this is the RFC 4122 value for the name.
        var publication = new ResourceSliceBuilder().Build(Input([TestGpus.H200("0000:65:00.0")]));

        var uuid = publication.Find("gpu-vfio-0000-65-00-0")!.Device.Attributes!["uuid"].String!;
        uuid.Should().MatchRegex("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
        NameBasedUuid.Create("www.example.com").Should().Be("2ed6657d-e927-568b-95e1-2665a8aea6a2");
    }

    [Fact]
    public void Build_NamesStable_AcrossMinorChangeAndReordering()
    {
        var first = new ResourceSliceBuilder().Build(Input(TestGpus.EightGpuNode()));
        var renumbered = TestGpus.EightGpuNode().Reverse().Select((g, i) => g with { Nvml = g.Nvml! with { Minor = 7 - i } }).ToList();

        var second = new ResourceSliceBuilder().Build(Input(renumbered), first.State);

        second.Devices.Select(d => d.Name).Should().Equal(first.Devices.Select(d => d.Name));
        second.Generation.Should().Be(first.Generation, "nothing published changed");
    }

    [Fact]
    public void Build_ContentChanged_GenerationBumpedInEverySlice()
    {
        var first = new ResourceSliceBuilder().Build(Input(TestGpus.EightGpuNode()));
        var fewer = TestGpus.EightGpuNode().Skip(1).ToList();

        var second = new ResourceSliceBuilder().Build(Input(fewer), first.State);

        second.Generation.Should().Be(first.Generation + 1);
        second.Slices.Should().OnlyContain(s => s.Spec.Pool.Generation == second.Generation);
        new ResourceSliceBuilder().Build(Input(fewer), second.State).Generation.Should().Be(second.Generation);
    }

    [Fact]
    public void Build_PassthroughOff_GpuViewsOnlyWithoutCounters()
    {
        var publication = new ResourceSliceBuilder().Build(Input(TestGpus.EightGpuNode(), FeatureGateSet.Defaults));

        publication.Devices.Should().OnlyContain(d => d.Kind == DeviceKind.Gpu).And.HaveCount(8);
        publication.Slices.Should().ContainSingle().Which.Spec.SharedCounters.Should().BeNull();
        publication.Devices.Should().OnlyContain(d => d.Device.ConsumesCounters == null);
    }

    [Fact]
    public void Build_PreflightDisabledPassthrough_NoVfioViews()
    {
        var publication = new ResourceSliceBuilder().Build(Input(TestGpus.EightGpuNode()) with { PassthroughAvailable = false });

        publication.Devices.Should().OnlyContain(d => d.Kind == DeviceKind.Gpu);
    }

    [Fact]
    public void Build_PreBoundVfioWithoutOptIn_NotAdvertised()
    {
        var gpu = TestGpus.H200("0000:65:00.0") with { Binding = GpuDriverBinding.Vfio, BoundDriverName = "vfio-pci", Nvml = null };

        var publication = new ResourceSliceBuilder().Build(Input([gpu]));

        publication.Devices.Should().BeEmpty();
        publication.Slices.Should().BeEmpty();
        publication.Notes.Should().ContainSingle().Which.Message.Should().Contain("vfio-pci and not prepared by this driver").And.Contain("AdoptPreBoundVfioDevices");
    }

    [Fact]
    public void Build_PreBoundVfioWithOptIn_VfioViewOnly()
    {
        var gpu = TestGpus.H200("0000:65:00.0") with { Binding = GpuDriverBinding.Vfio, BoundDriverName = "vfio-pci", Nvml = null };

        var publication = new ResourceSliceBuilder().Build(Input([gpu], adopt: true));

        publication.Devices.Should().ContainSingle().Which.Kind.Should().Be(DeviceKind.Vfio);
        publication.Devices[0].Device.Attributes!["productName"].String.Should().Be("GH100 [H200 SXM 141GB]");
    }

    [Fact]
    public void Build_OnVfioPreparedByUs_BothViewsStay()
    {
        var gpu = TestGpus.H200("0000:65:00.0") with { Binding = GpuDriverBinding.Vfio, PreparedByThisDriver = true };

        var publication = new ResourceSliceBuilder().Build(Input([gpu]));

        publication.Devices.Select(d => d.Kind).Should().Equal(DeviceKind.Gpu, DeviceKind.Vfio);
    }

    [Theory]
    [InlineData(GpuDriverBinding.None)]
    [InlineData(GpuDriverBinding.Other)]
    public void Build_NoDriverOrForeignDriver_NotAdvertised(GpuDriverBinding binding)
    {
        var gpu = TestGpus.H200() with { Binding = binding, BoundDriverName = binding == GpuDriverBinding.Other ? "nouveau" : null, Nvml = null };

        new ResourceSliceBuilder().Build(Input([gpu], adopt: true)).Devices.Should().BeEmpty();
    }

    [Fact]
    public void Build_NoIommuGroup_VfioViewOmittedWithNote()
    {
        var publication = new ResourceSliceBuilder().Build(Input([TestGpus.H200(iommuGroup: null)]));

        publication.Devices.Should().ContainSingle().Which.Kind.Should().Be(DeviceKind.Gpu);
        publication.Notes.Should().Contain(n => n.Message.Contains("no IOMMU group", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_MigMode_GpuViewHidden_MigDevicesHideVfioToo()
    {
        var migMode = new ResourceSliceBuilder().Build(Input([TestGpus.H200() with { MigModeEnabled = true }]));
        var migDevices = new ResourceSliceBuilder().Build(Input([TestGpus.H200() with { MigModeEnabled = true, HasMigDevices = true }]));

        migMode.Devices.Should().ContainSingle().Which.Kind.Should().Be(DeviceKind.Vfio);
        migDevices.Devices.Should().BeEmpty();
    }

    [Fact]
    public void Build_LongProductNameAndOddVersion_TruncatedAndOmittedWithNotes()
    {
        var gpu = TestGpus.H200() with
        {
            Nvml = TestGpus.H200().Nvml! with { ProductName = new string('N', 80), DriverVersion = "580.159.04-beta" },
        };

        var publication = new ResourceSliceBuilder().Build(Input([gpu]));

        var device = publication.Devices.First(d => d.Kind == DeviceKind.Gpu).Device;
        device.Attributes!["productName"].String.Should().HaveLength(64);
        device.Attributes.Should().NotContainKey("driverVersion");
        publication.Notes.Should().HaveCount(3, "the long name is truncated in both views");
    }

    [Fact]
    public void Build_NonAsciiProductName_TruncatedToSixtyFourUtf8BytesOnACharacterBoundary()
    {
        // 40 characters but 1 + 39 * 3 = 118 UTF-8 bytes; the emoji at the cut must not be split.
        var name = "N" + new string('™', 20) + "\U0001F680" + new string('™', 18);
        var gpu = TestGpus.H200() with { Nvml = TestGpus.H200().Nvml! with { ProductName = name } };

        var publication = new ResourceSliceBuilder().Build(Input([gpu]));

        var value = publication.Devices.First(d => d.Kind == DeviceKind.Gpu).Device.Attributes!["productName"].String!;
        System.Text.Encoding.UTF8.GetByteCount(value).Should().Be(61, "1 + 20 * 3 = 61 bytes fit; the 4-byte emoji would make 65");
        value.Should().Be("N" + new string('™', 20));
        publication.Notes.Should().Contain(n => n.Message.Contains("bytes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("65:00.0")]
    [InlineData("0000:65:00.8")]
    [InlineData("../../etc")]
    public void Build_MalformedPciAddress_Rejected(string pci)
    {
        var act = () => new ResourceSliceBuilder().Build(Input([TestGpus.H200(pci)]));

        act.Should().Throw<ResourceSliceException>().WithMessage($"*'{pci}'*dddd:bb:dd.f*");
    }

    [Fact]
    public void Build_DuplicateGpu_Rejected()
    {
        var act = () => new ResourceSliceBuilder().Build(Input([TestGpus.H200("0000:65:00.0"), TestGpus.H200("0000:65:00.0".ToUpperInvariant())]));

        act.Should().Throw<ResourceSliceException>().WithMessage("*0000:65:00.0 is listed 2 times*");
    }

    [Fact]
    public void Build_BadNodeName_Rejected()
    {
        var act = () => new ResourceSliceBuilder().Build(Input([TestGpus.H200()]) with { NodeName = "Node_1" });

        act.Should().Throw<ResourceSliceException>().WithMessage("*Node_1*");
    }

    [Fact]
    public void Build_Notes_LoggedWithEventIds()
    {
        var logger = new FakeLogger<ResourceSliceBuilder>();

        new ResourceSliceBuilder(logger).Build(Input([TestGpus.H200(iommuGroup: null)]));

        logger.Collector.GetSnapshot().Select(r => r.Id.Id).Should().Contain([NvidiaDraEventIds.AdvertisingNote, NvidiaDraEventIds.PoolGenerationBumped]);
        logger.Collector.GetSnapshot().Should().Contain(r => r.Level == LogLevel.Warning && r.Message.Contains("no IOMMU group", StringComparison.Ordinal));
    }
}
