using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Core.Advertising;

/// <summary>
/// Builds the two views of one physical GPU with the attributes and capacities upstream publishes (A.3), plus
/// <c>iommuGroup</c> on the vfio view, each consuming the GPU's one shared counter when counters are in use.
/// </summary>
internal static class DeviceViewFactory
{
    public const string StandardDomain = "resource.kubernetes.io";
    public const int MaxStringLength = 64;

    public static Device CreateGpuView(PhysicalGpu gpu, string pci, NvmlGpuIdentity nvml, bool withCounters, List<AdvertisingNote> notes)
    {
        var attributes = new SortedDictionary<string, DeviceAttribute>(StringComparer.Ordinal)
        {
            ["type"] = DeviceAttribute.FromString("gpu"),
        };
        AddString(attributes, "uuid", nvml.Uuid, pci, notes);
        AddString(attributes, "productName", nvml.ProductName, pci, notes);
        AddString(attributes, "brand", nvml.Brand, pci, notes);
        AddString(attributes, "architecture", nvml.Architecture, pci, notes);
        AddVersion(attributes, "cudaComputeCapability", nvml.CudaComputeCapability, pci, notes);
        AddVersion(attributes, "driverVersion", nvml.DriverVersion, pci, notes);
        AddVersion(attributes, "cudaDriverVersion", nvml.CudaDriverVersion, pci, notes);
        if (!string.IsNullOrEmpty(nvml.AddressingMode) && !string.Equals(nvml.AddressingMode, "None", StringComparison.Ordinal))
        {
            AddString(attributes, "addressingMode", nvml.AddressingMode, pci, notes);
        }

        AddStandard(attributes, gpu, pci, notes);
        var capacity = nvml.MemoryBytes is { } memory
            ? new SortedDictionary<string, DeviceCapacity>(StringComparer.Ordinal) { ["memory"] = new(Quantities.FormatBinary(memory)) }
            : null;

        return new Device
        {
            Name = DeviceNames.Gpu(pci),
            Attributes = attributes,
            Capacity = capacity,
            ConsumesCounters = withCounters ? Consumption(pci) : null,
        };
    }

    public static Device CreateVfioView(PhysicalGpu gpu, string pci, bool iommuFdAvailable, bool withCounters, List<AdvertisingNote> notes)
    {
        var attributes = new SortedDictionary<string, DeviceAttribute>(StringComparer.Ordinal)
        {
            ["type"] = DeviceAttribute.FromString("vfio"),
            ["uuid"] = DeviceAttribute.FromString(NameBasedUuid.Create(pci)),
            ["iommuFDEnabled"] = DeviceAttribute.FromBool(iommuFdAvailable),
        };
        AddString(attributes, "deviceID", gpu.DeviceId.ToLowerInvariant(), pci, notes);
        AddString(attributes, "vendorID", gpu.VendorId.ToLowerInvariant(), pci, notes);
        var productName = gpu.Nvml?.ProductName ?? gpu.PciProductName;
        if (!string.IsNullOrEmpty(productName))
        {
            AddString(attributes, "productName", productName, pci, notes);
        }

        if (gpu.IommuGroup is { } group)
        {
            attributes["iommuGroup"] = DeviceAttribute.FromInt(group);
        }

        AddStandard(attributes, gpu, pci, notes);
        return new Device
        {
            Name = DeviceNames.Vfio(pci),
            Attributes = attributes,
            Capacity = new SortedDictionary<string, DeviceCapacity>(StringComparer.Ordinal)
            {
                ["addressableMemory"] = new(Quantities.FormatBinary(Quantities.RoundUpToPowerOfTwo(gpu.Bar64TotalBytes))),
            },
            ConsumesCounters = withCounters ? Consumption(pci) : null,
        };
    }

    public static CounterSet CreateCounterSet(string pci) =>
        new(DeviceNames.CounterSet(pci), new SortedDictionary<string, Counter>(StringComparer.Ordinal) { [DeviceNames.CounterName] = new("1") });

    private static DeviceCounterConsumption[] Consumption(string pci) =>
    [
        new(DeviceNames.CounterSet(pci), new SortedDictionary<string, Counter>(StringComparer.Ordinal) { [DeviceNames.CounterName] = new("1") }),
    ];

    private static void AddStandard(SortedDictionary<string, DeviceAttribute> attributes, PhysicalGpu gpu, string pci, List<AdvertisingNote> notes)
    {
        attributes[$"{StandardDomain}/pciBusID"] = DeviceAttribute.FromString(pci);
        if (gpu.PcieRoot is { Length: > 0 } root)
        {
            attributes[$"{StandardDomain}/pcieRoot"] = DeviceAttribute.FromString(root);
        }
        else
        {
            notes.Add(new(pci, "PCIe root unresolvable: resource.kubernetes.io/pcieRoot omitted"));
        }

        if (gpu.NumaNode is >= 0 and var numa)
        {
            attributes[$"{StandardDomain}/numaNode"] = DeviceAttribute.FromInt(numa);
        }
    }

    private static void AddString(SortedDictionary<string, DeviceAttribute> attributes, string key, string value, string pci, List<AdvertisingNote> notes)
    {
        if (Utf8Text.ByteCount(value) is var bytes && bytes > MaxStringLength)
        {
            notes.Add(new(pci, $"attribute {key} '{value}' is {bytes} UTF-8 bytes, longer than {MaxStringLength}: published truncated"));
            value = Utf8Text.Truncate(value, MaxStringLength);
        }

        attributes[key] = DeviceAttribute.FromString(value);
    }

    private static void AddVersion(SortedDictionary<string, DeviceAttribute> attributes, string key, string raw, string pci, List<AdvertisingNote> notes)
    {
        if (SemanticVersions.TryNormalize(raw, out var version))
        {
            attributes[key] = DeviceAttribute.FromVersion(version);
        }
        else
        {
            notes.Add(new(pci, $"attribute {key} '{raw}' cannot be expressed as a semantic version: omitted"));
        }
    }
}
