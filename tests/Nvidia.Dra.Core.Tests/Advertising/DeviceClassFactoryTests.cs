using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Configs;
using Nvidia.Dra.Core.FeatureGates;
using Nvidia.Dra.Core.Tests.Support;

namespace Nvidia.Dra.Core.Tests.Advertising;

public class DeviceClassFactoryTests
{
    [Fact]
    public void Create_ThreeClasses_MatchGolden()
    {
        var classes = DeviceClassFactory.Create();

        classes.Select(c => c.Metadata.Name).Should().Equal("gpu.nvidia.com", "mig.nvidia.com", "vfio.gpu.nvidia.com");
        Golden.Match("deviceclasses.json", DeviceClassFactory.ToManifest(classes));
    }

    [Theory]
    [InlineData(0, "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'gpu'")]
    [InlineData(1, "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'mig'")]
    [InlineData(2, "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'vfio'")]
    public void Create_Selectors_MatchDriverAndType(int index, string expression) =>
        DeviceClassFactory.Create()[index].Spec.Selectors.Should().ContainSingle().Which.Cel.Expression.Should().Be(expression);

    [Fact]
    public void Create_GpuClass_HasExtendedResourceName() =>
        DeviceClassFactory.Create()[0].Spec.ExtendedResourceName.Should().Be("nvidia.com/gpu");

    [Fact]
    public void Create_PassthroughOnly_NoClassClaimsTheExtendedResource()
    {
        var classes = DeviceClassFactory.Create("gpu.nvidia.com", containerClaims: false);

        classes.Should().HaveCount(3).And.OnlyContain(c => c.Spec.ExtendedResourceName == null);
        classes.Select(c => c.Spec.Selectors![0].Cel.Expression).Should().Equal(DeviceClassFactory.Create().Select(c => c.Spec.Selectors![0].Cel.Expression));
    }

    [Fact]
    public void Create_VfioClassConfig_DecodesToLegacyWithApiDevice()
    {
        var opaque = DeviceClassFactory.Create()[2].Spec.Config.Should().ContainSingle().Which.Opaque;

        opaque.Driver.Should().Be("gpu.nvidia.com");
        new OpaqueConfigDecoder(FeatureGateSet.Defaults).Decode(opaque.Parameters)
            .Should().Be(new VfioDeviceConfig(new IommuConfig(IommuBackendPolicy.LegacyOnly, EnableApiDevice: true)));
    }
}
