using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Core.Tests.Advertising;

public class ResourceSliceValidatorTests
{
    private static ResourceSlice Slice(IReadOnlyList<Device>? devices = null, IReadOnlyList<CounterSet>? counters = null) => new()
    {
        Metadata = new ObjectMeta { Name = "s" },
        Spec = new ResourceSliceSpec { Driver = "gpu.nvidia.com", Pool = new ResourcePool("node", 1, 1), NodeName = "node", Devices = devices, SharedCounters = counters },
    };

    private static Device Device(string name, Dictionary<string, DeviceAttribute>? attributes = null) => new() { Name = name, Attributes = attributes };

    private static void Invalid(IReadOnlyList<ResourceSlice> slices, string fragment)
    {
        var act = () => ResourceSliceValidator.Validate(slices);
        act.Should().Throw<ResourceSliceException>().WithMessage($"*{fragment}*");
    }

    [Fact]
    public void Validate_TooManyDevices_Rejected() =>
        Invalid([Slice(Enumerable.Range(0, 129).Select(i => Device($"d{i}")).ToList())], "129 devices exceed the limit of 128");

    [Fact]
    public void Validate_TooManyAttributes_Rejected() =>
        Invalid([Slice([Device("d", Enumerable.Range(0, 33).ToDictionary(i => $"a{i}", _ => DeviceAttribute.FromInt(1)))])], "33 attributes and capacities");

    [Fact]
    public void Validate_LongString_Rejected() =>
        Invalid([Slice([Device("d", new() { ["x"] = DeviceAttribute.FromString(new string('x', 65)) })])], "longer than 64");

    [Fact]
    public void Validate_StringOfFewCharactersButManyUtf8Bytes_Rejected() =>
        // 33 characters, 66 bytes: the API server counts Go string bytes, so this is over the limit.
        Invalid([Slice([Device("d", new() { ["x"] = DeviceAttribute.FromString(new string('é', 33)) })])], "66 bytes, longer than 64");

    [Fact]
    public void Validate_SixtyFourUtf8Bytes_Accepted()
    {
        var act = () => ResourceSliceValidator.Validate([Slice([Device("d", new() { ["x"] = DeviceAttribute.FromString(new string('é', 32)) })])]);

        act.Should().NotThrow();
    }

    [Theory]
    [InlineData("580.65.06")]
    [InlineData("13.0")]
    [InlineData("v1.2.3")]
    public void Validate_NonSemverVersion_Rejected(string version) =>
        Invalid([Slice([Device("d", new() { ["v"] = DeviceAttribute.FromVersion(version) })])], "not a semantic version");

    [Fact]
    public void Validate_TwoValuesInOneAttribute_Rejected() =>
        Invalid([Slice([Device("d", new() { ["v"] = new DeviceAttribute { Int = 1, Bool = true } })])], "exactly one of");

    [Theory]
    [InlineData("bad/domain/key")]
    [InlineData("thisidentifieriswaytoolongforkubernetes")]
    [InlineData("9lives")]
    public void Validate_BadKey_Rejected(string key) =>
        Invalid([Slice([Device("d", new() { [key] = DeviceAttribute.FromInt(1) })])], $"key '{key}'");

    [Fact]
    public void Validate_DuplicateDeviceAcrossSlices_Rejected() =>
        Invalid([Slice([Device("d")]), Slice([Device("d")])], "appears more than once");

    [Fact]
    public void Validate_DevicesAndCountersInOneSlice_Rejected() =>
        Invalid([Slice([Device("d")], [new CounterSet("c", new Dictionary<string, Counter> { ["gpu"] = new("1") })])], "not both");

    [Fact]
    public void Validate_ConsumesUnknownCounterSet_Rejected() =>
        Invalid([Slice([new Device { Name = "d", ConsumesCounters = [new DeviceCounterConsumption("missing", new Dictionary<string, Counter> { ["gpu"] = new("1") })] }])], "does not publish");

    [Fact]
    public void Validate_NinthCounterSetInSlice_Rejected() =>
        Invalid([Slice(counters: Enumerable.Range(0, 9).Select(i => new CounterSet($"c{i}", new Dictionary<string, Counter> { ["gpu"] = new("1") })).ToList())], "9 counter sets exceed the limit of 8");

    [Fact]
    public void Validate_SixtyFiveDevicesWithCounters_Rejected()
    {
        var counters = new[] { new CounterSet("c", new Dictionary<string, Counter> { ["gpu"] = new("1") }) };
        var devices = Enumerable.Range(0, 65).Select(i => new Device
        {
            Name = $"d{i}",
            ConsumesCounters = [new DeviceCounterConsumption("c", new Dictionary<string, Counter> { ["gpu"] = new("1") })],
        }).ToList();

        Invalid([Slice(counters: counters), Slice(devices)], "65 devices exceed the limit of 64");
    }

    [Theory]
    [InlineData("580.65.06", "580.65.6")]
    [InlineData("13.0", "13.0.0")]
    [InlineData("9", "9.0.0")]
    [InlineData("535.104.05.01", "535.104.5+01")]
    [InlineData("000.0.0", "0.0.0")]
    public void NormalizeVersion_DriverStyle_BecomesValidSemver(string raw, string expected)
    {
        SemanticVersions.TryNormalize(raw, out var version).Should().BeTrue();
        version.Should().Be(expected);
        SemanticVersions.IsValid(version).Should().BeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1..2")]
    [InlineData("1.2.3-rc")]
    public void NormalizeVersion_NotNumeric_Refused(string raw) =>
        SemanticVersions.TryNormalize(raw, out _).Should().BeFalse();

    [Theory]
    [InlineData("0000:65:00.0", "gpu-0000-65-00-0", "gpu-vfio-0000-65-00-0", "pci-0000-65-00-0")]
    [InlineData("0001:DB:1F.7", "gpu-0001-db-1f-7", "gpu-vfio-0001-db-1f-7", "pci-0001-db-1f-7")]
    public void DeviceNames_FromPciAddress_AreDnsLabels(string pci, string gpu, string vfio, string counterSet)
    {
        DeviceNames.Gpu(pci).Should().Be(gpu);
        DeviceNames.Vfio(pci).Should().Be(vfio);
        DeviceNames.CounterSet(pci).Should().Be(counterSet);
        Naming.KubernetesNames.IsDnsLabel(vfio).Should().BeTrue();
    }

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(1000UL, "1000")]
    [InlineData(1024UL, "1Ki")]
    [InlineData(150754820096UL, "143771Mi")]
    [InlineData(549755813888UL, "512Gi")]
    public void FormatBinary_CanonicalQuantity(ulong bytes, string expected) =>
        Quantities.FormatBinary(bytes).Should().Be(expected);
}
