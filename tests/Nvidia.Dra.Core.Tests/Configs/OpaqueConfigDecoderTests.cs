using System.Text.Json;
using Nvidia.Dra.Core.Configs;
using Nvidia.Dra.Core.FeatureGates;

namespace Nvidia.Dra.Core.Tests.Configs;

public class OpaqueConfigDecoderTests
{
    private readonly OpaqueConfigDecoder decoder = new(FeatureGateSet.Parse("PassthroughSupport=true"));

    [Fact]
    public void Decode_NvidiaGuideTemplate_LegacyWithApiDevice()
    {
        const string guide = """
            {"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"backendPolicy":"LegacyOnly","enableAPIDevice":true}}
            """;

        decoder.Decode(guide).Should().Be(new VfioDeviceConfig(new IommuConfig(IommuBackendPolicy.LegacyOnly, EnableApiDevice: true)));
    }

    [Theory]
    [InlineData("""{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig"}""")]
    [InlineData("""{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":null}""")]
    [InlineData("""{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{}}""")]
    [InlineData("""{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"backendPolicy":""}}""")]
    [InlineData("""{"kind":"VfioDeviceConfig","apiVersion":"resource.nvidia.com/v1beta1","iommu":{"enableAPIDevice":null}}""")]
    public void Decode_VfioDefaults_LegacyOnlyWithoutApiDevice(string json) =>
        decoder.Decode(json).Should().Be(VfioDeviceConfig.Default);

    [Fact]
    public void Decode_PreferIommuFd_Kept() =>
        decoder.Decode("""{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"backendPolicy":"PreferIommuFD"}}""")
            .Should().Be(new VfioDeviceConfig(new IommuConfig(IommuBackendPolicy.PreferIommuFD, false)));

    [Fact]
    public void Decode_GpuConfigWithoutSharing_DefaultTimeSlicing() =>
        decoder.Decode("""{"apiVersion":"resource.nvidia.com/v1beta1","kind":"GpuConfig"}""").Should().Be(GpuConfig.Default);

    [Fact]
    public void Decode_GpuConfigMpsWithGate_Normalised()
    {
        var mps = new OpaqueConfigDecoder(FeatureGateSet.Parse("MPSSupport=true"));

        var config = (GpuConfig)mps.Decode("""
            {"apiVersion":"resource.nvidia.com/v1beta1","kind":"GpuConfig","sharing":{"strategy":"MPS","mpsConfig":{"defaultActiveThreadPercentage":50,"defaultPinnedDeviceMemoryLimit":"10Gi","defaultPerDevicePinnedMemoryLimit":{"0":"5Gi"}}}}
            """);

        config.Sharing.Strategy.Should().Be(SharingStrategy.Mps);
        config.Sharing.Mps!.DefaultActiveThreadPercentage.Should().Be(50);
        config.Sharing.Mps.PerDevicePinnedMemoryLimits.Should().ContainKey("0").WhoseValue.Should().Be("5Gi");
    }

    [Theory]
    [InlineData("""{"defaultPerDevicePinnedMemoryLimit":{"0":null}}""", "defaultPerDevicePinnedMemoryLimit['0']")]
    [InlineData("""{"defaultPerDevicePinnedMemoryLimit":{"":"1Gi"}}""", "defaultPerDevicePinnedMemoryLimit['']")]
    [InlineData("""{"defaultPinnedDeviceMemoryLimit":"lots"}""", "defaultPinnedDeviceMemoryLimit")]
    [InlineData("""{"defaultActiveThreadPercentage":101}""", "defaultActiveThreadPercentage")]
    public void Decode_BadMpsSettings_RejectedNamingField(string mpsConfig, string fieldSuffix)
    {
        var mps = new OpaqueConfigDecoder(FeatureGateSet.Parse("MPSSupport=true"));

        var act = () => mps.Decode("""{"apiVersion":"resource.nvidia.com/v1beta1","kind":"GpuConfig","sharing":{"strategy":"MPS","mpsConfig":""" + mpsConfig + "}}");

        act.Should().Throw<OpaqueConfigException>().Which.Field.Should().Be("$.sharing.mpsConfig." + fieldSuffix);
    }

    [Fact]
    public void Decode_MigDeviceConfig_AppliesToMig() =>
        decoder.Decode("""{"apiVersion":"resource.nvidia.com/v1beta1","kind":"MigDeviceConfig","sharing":{"strategy":"TimeSlicing"}}""")
            .AppliesTo.Should().Be(DeviceKind.Mig);

    public static TheoryData<string, string, string> Rejections() => new()
    {
        { """[1,2]""", "$", "must be a JSON object, got an array" },
        { "\"text\"", "$", "must be a JSON object, got a string" },
        { "null", "$", "must be a JSON object, got null" },
        { "{", "$", "not valid JSON" },
        { """{"kind":"VfioDeviceConfig"}""", "$.apiVersion", "have no 'apiVersion'" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1"}""", "$.kind", "have no 'kind'" },
        { """{"apiVersion":1,"kind":"VfioDeviceConfig"}""", "$.apiVersion", "must be a string" },
        { """{"apiVersion":"resource.nvidia.com/v1","kind":"VfioDeviceConfig"}""", "$.apiVersion", "unsupported apiVersion 'resource.nvidia.com/v1'" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"vfiodeviceconfig"}""", "$.kind", "unknown kind 'vfiodeviceconfig'" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"ComputeDomainChannelConfig"}""", "$.kind", "ComputeDomain driver" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"backendPolicy":"Bogus"}}""", "$.iommu.backendPolicy", "unknown IOMMU backend policy 'Bogus'" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"backendpolicy":"LegacyOnly"}}""", "$.iommu.backendpolicy", "unknown field 'backendpolicy'" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","extra":1}""", "$.extra", "unknown field 'extra'" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"enableAPIDevice":"true"}}""", "$.iommu.enableAPIDevice", "expected true or false" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":[]}""", "$.iommu", "expected a JSON object" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","kind":"VfioDeviceConfig"}""", "$", "duplicate field 'kind'" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"enableAPIDevice":true,"enableAPIDevice":false}}""", "$", "duplicate field 'enableAPIDevice'" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"GpuConfig","sharing":{"strategy":"Fabric"}}""", "$.sharing.strategy", "unknown sharing strategy 'Fabric'" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"GpuConfig","sharing":{"strategy":"MPS"}}""", "$.sharing.strategy", "needs the MPSSupport feature gate" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"GpuConfig","sharing":{"strategy":"TimeSlicing","timeSlicingConfig":{"interval":"Long"}}}""", "$.sharing.timeSlicingConfig.interval", "needs the TimeSlicingSettings feature gate" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"GpuConfig","sharing":{"strategy":"TimeSlicing","timeSlicingConfig":{"interval":"Forever"}}}""", "$.sharing.timeSlicingConfig.interval", "unknown time-slice interval 'Forever'" },
        { """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"GpuConfig","sharing":{"strategy":"TimeSlicing","mpsConfig":{}}}""", "$.sharing.mpsConfig", "remove mpsConfig" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Decode_BadParameters_RejectedNamingField(string json, string field, string messageFragment)
    {
        var act = () => decoder.Decode(json);

        var ex = act.Should().Throw<OpaqueConfigException>().Which;
        ex.Field.Should().Be(field);
        ex.Message.Should().Contain(messageFragment);
    }

    [Fact]
    public void Decode_OverTenKibibytes_Rejected()
    {
        var padding = new string(' ', OpaqueConfigDecoder.MaxParametersBytes);
        var json = "{\"apiVersion\":\"resource.nvidia.com/v1beta1\",\"kind\":\"VfioDeviceConfig\"" + padding + "}";

        var act = () => decoder.Decode(json);

        act.Should().Throw<OpaqueConfigException>().WithMessage("*more than the 10240-byte limit*");
    }

    [Fact]
    public void Decode_JsonElement_SameAsText()
    {
        using var document = JsonDocument.Parse("""{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"enableAPIDevice":true}}""");

        decoder.Decode(document.RootElement).Should().Be(new VfioDeviceConfig(new IommuConfig(IommuBackendPolicy.LegacyOnly, true)));
    }

    [Fact]
    public void Decode_PropertyNamesAreCaseSensitive()
    {
        var act = () => decoder.Decode("""{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","IOMMU":{}}""");

        act.Should().Throw<OpaqueConfigException>().WithMessage("*unknown field 'IOMMU'*");
    }
}
