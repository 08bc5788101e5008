using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Configs.Wire;

// The resource.nvidia.com/v1beta1 JSON shapes, exactly as the reference driver's Go types serialise them. Every
// field is optional on the wire; normalisation and validation turn them into the public records.
#pragma warning disable SA1402, SA1649 // Small wire types kept together: they only make sense as a set.

internal sealed class VfioDeviceConfigWire
{
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("iommu")]
    public IommuConfigWire? Iommu { get; set; }
}

internal sealed class IommuConfigWire
{
    [JsonPropertyName("backendPolicy")]
    public string? BackendPolicy { get; set; }

    [JsonPropertyName("enableAPIDevice")]
    public bool? EnableApiDevice { get; set; }
}

internal sealed class GpuConfigWire
{
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("sharing")]
    public SharingWire? Sharing { get; set; }
}

internal sealed class MigDeviceConfigWire
{
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("sharing")]
    public MigSharingWire? Sharing { get; set; }
}

internal sealed class SharingWire
{
    [JsonPropertyName("strategy")]
    public string? Strategy { get; set; }

    [JsonPropertyName("timeSlicingConfig")]
    public TimeSlicingConfigWire? TimeSlicingConfig { get; set; }

    [JsonPropertyName("mpsConfig")]
    public MpsConfigWire? MpsConfig { get; set; }
}

internal sealed class MigSharingWire
{
    [JsonPropertyName("strategy")]
    public string? Strategy { get; set; }

    [JsonPropertyName("mpsConfig")]
    public MpsConfigWire? MpsConfig { get; set; }
}

internal sealed class TimeSlicingConfigWire
{
    [JsonPropertyName("interval")]
    public string? Interval { get; set; }
}

internal sealed class MpsConfigWire
{
    [JsonPropertyName("defaultActiveThreadPercentage")]
    public int? DefaultActiveThreadPercentage { get; set; }

    [JsonPropertyName("defaultPinnedDeviceMemoryLimit")]
    public string? DefaultPinnedDeviceMemoryLimit { get; set; }

    [JsonPropertyName("defaultPerDevicePinnedMemoryLimit")]
    public Dictionary<string, string>? DefaultPerDevicePinnedMemoryLimit { get; set; }
}
#pragma warning restore SA1402, SA1649
