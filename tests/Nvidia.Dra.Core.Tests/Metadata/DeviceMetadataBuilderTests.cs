using System.Text;
using System.Text.Json;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.FeatureGates;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Core.Metadata;
using Nvidia.Dra.Core.Tests.Support;

namespace Nvidia.Dra.Core.Tests.Metadata;

public class DeviceMetadataBuilderTests
{
    private const string PluginDir = "/var/lib/kubelet/plugins/gpu.nvidia.com";
    private const string Uid = "3f0c2a9e-5d1b-4c1e-9a7f-0d6a1b2c3d4e";

    private static readonly Device VfioDevice = new ResourceSliceBuilder().Build(new AdvertisingInput
    {
        NodeName = "h200-node-1",
        Gates = FeatureGateSet.Parse("PassthroughSupport=true,DeviceMetadata=true"),
        PassthroughAvailable = true,
        Gpus = [TestGpus.H200("0000:65:00.0", iommuGroup: 42, numa: 0, pcieRoot: "pci0000:64")],
    }).Find("gpu-vfio-0000-65-00-0")!.Device;

    private static ResourceClaim Claim(string? podClaimName, string name = "vm1-gpu-x7k2p", string ns = "vms", string uid = Uid) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = ns,
            Uid = uid,
            Annotations = podClaimName is null ? null : new Dictionary<string, string> { [ResourceClaim.PodClaimNameAnnotation] = podClaimName },
        },
    };

    private static MetadataDevice Prepared(string request = "dra-gpu") => new(request, "h200-node-1", VfioDevice.Name, VfioDevice.Attributes!);

    [Fact]
    public void Build_TemplateClaim_MatchesGoldenAndTemplatePaths()
    {
        var file = DeviceMetadataBuilder.Build(Claim("gpu"), "gpu.nvidia.com", PluginDir, [Prepared()]).Should().ContainSingle().Which;

        Golden.Match("metadata-template.json", Encoding.UTF8.GetString(file.Content.Span));
        file.HostPath.Should().Be("/var/lib/kubelet/plugins/gpu.nvidia.com/dra-device-metadata/vms_vm1-gpu-x7k2p/dra-gpu/metadata.json");
        file.ContainerPath.Should().Be("/var/run/kubernetes.io/dra-device-attributes/resourceclaimtemplates/gpu/dra-gpu/gpu.nvidia.com-metadata.json");
        file.CdiSpecFileName.Should().Be($"gpu.nvidia.com_metadata_{Uid}_dra-gpu.json");
        file.CdiDeviceId.Should().Be($"gpu.nvidia.com/metadata={Uid}_dra-gpu");
    }

    [Fact]
    public void Build_DirectClaim_MatchesGoldenAndClaimPaths()
    {
        var file = DeviceMetadataBuilder.Build(Claim(podClaimName: null), "gpu.nvidia.com", PluginDir, [Prepared()]).Single();

        Golden.Match("metadata-direct.json", Encoding.UTF8.GetString(file.Content.Span));
        file.ContainerPath.Should().Be("/var/run/kubernetes.io/dra-device-attributes/resourceclaims/vm1-gpu-x7k2p/dra-gpu/gpu.nvidia.com-metadata.json");
        Encoding.UTF8.GetString(file.Content.Span).Should().NotContain("podClaimName");
    }

    [Fact]
    public void Build_EmptyPodClaimAnnotation_DirectPath() =>
        DeviceMetadataBuilder.Build(Claim(string.Empty), "gpu.nvidia.com", PluginDir, [Prepared()]).Single()
            .ContainerPath.Should().Contain("/resourceclaims/vm1-gpu-x7k2p/");

    [Fact]
    public void Build_ReadLikeKubeVirt_FindsPciBusIdOfExactlyOneDevice()
    {
        var file = DeviceMetadataBuilder.Build(Claim("gpu"), "gpu.nvidia.com", PluginDir, [Prepared()]).Single();

        KubeVirtRead(file.Content.ToArray(), "dra-gpu").Should().Be("0000:65:00.0");
        file.ContainerPath.Should().EndWith("-metadata.json");
    }

    [Fact]
    public void Build_Subrequest_BaseNameInPathFullNameInFile()
    {
        var file = DeviceMetadataBuilder.Build(Claim("gpu"), "gpu.nvidia.com", PluginDir, [Prepared("dra-gpu/h200")]).Single();

        file.Request.Should().Be("dra-gpu");
        file.HostPath.Should().EndWith("/dra-gpu/metadata.json");
        file.CdiDeviceName.Should().Be($"{Uid}_dra-gpu");
        using var document = JsonDocument.Parse(file.Content);
        document.RootElement.GetProperty("requests")[0].GetProperty("name").GetString().Should().Be("dra-gpu/h200");
    }

    [Fact]
    public void Build_TwoRequests_OneFileEach()
    {
        var files = DeviceMetadataBuilder.Build(Claim("gpu"), "gpu.nvidia.com", PluginDir, [Prepared("b"), Prepared("a")]);

        files.Select(f => f.Request).Should().Equal("a", "b");
        files.Select(f => f.HostPath).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Build_AttributesCopiedFromTheVfioView_NoMdevUuid()
    {
        var file = DeviceMetadataBuilder.Build(Claim("gpu"), "gpu.nvidia.com", PluginDir, [Prepared()]).Single();
        using var document = JsonDocument.Parse(file.Content);
        var attributes = document.RootElement.GetProperty("requests")[0].GetProperty("devices")[0].GetProperty("attributes");

        attributes.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(VfioDevice.Attributes!.Keys);
        attributes.TryGetProperty("mdevUUID", out _).Should().BeFalse();
    }

    public static TheoryData<ResourceClaim, string> HostileClaims() => new()
    {
        { Claim("gpu", ns: "../etc"), "claim.metadata.namespace" },
        { Claim("gpu", ns: "a/b"), "claim.metadata.namespace" },
        { Claim("gpu", name: "../../root"), "claim.metadata.name" },
        { Claim("gpu", name: "Upper"), "claim.metadata.name" },
        { Claim("gpu", uid: "../x"), "claim.metadata.uid" },
        { Claim("gpu", uid: string.Empty), "claim.metadata.uid" },
        { Claim("../gpu"), "claim.metadata.annotations['resource.kubernetes.io/pod-claim-name']" },
    };

    [Theory]
    [MemberData(nameof(HostileClaims))]
    public void Build_HostileClaimIdentity_RejectedNamingField(ResourceClaim claim, string field)
    {
        var act = () => DeviceMetadataBuilder.Build(claim, "gpu.nvidia.com", PluginDir, [Prepared()]);

        act.Should().Throw<DeviceMetadataException>().Which.Field.Should().Be(field);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b/c")]
    [InlineData("")]
    public void Build_HostileRequest_Rejected(string request)
    {
        var act = () => DeviceMetadataBuilder.Build(Claim("gpu"), "gpu.nvidia.com", PluginDir, [Prepared(request)]);

        act.Should().Throw<DeviceMetadataException>().Which.Field.Should().Be("request");
    }

    [Fact]
    public void Build_RelativePluginDirectory_Rejected()
    {
        var act = () => DeviceMetadataBuilder.Build(Claim("gpu"), "gpu.nvidia.com", "var/lib", [Prepared()]);

        act.Should().Throw<DeviceMetadataException>().Which.Field.Should().Be("pluginDataDirectory");
    }

    [Fact]
    public void Build_NoDevices_Rejected()
    {
        var act = () => DeviceMetadataBuilder.Build(Claim("gpu"), "gpu.nvidia.com", PluginDir, []);

        act.Should().Throw<DeviceMetadataException>().Which.Field.Should().Be("devices");
    }

    [Fact]
    public void ClaimDirectory_IsTheParentOfEveryFile()
    {
        var file = DeviceMetadataBuilder.Build(Claim("gpu"), "gpu.nvidia.com", PluginDir + "/", [Prepared()]).Single();

        file.HostPath.Should().StartWith(DeviceMetadataBuilder.ClaimDirectory(PluginDir, "vms", "vm1-gpu-x7k2p") + "/");
    }

    /// <summary>What virt-launcher does: iterate the JSON stream, take the first v1alpha1 object, exact request match, one device.</summary>
    private static string KubeVirtRead(byte[] stream, string requestName)
    {
        var reader = new Utf8JsonReader(stream, new JsonReaderOptions { AllowMultipleValues = true });
        while (JsonDocument.TryParseValue(ref reader, out var document))
        {
            using (document)
            {
                var root = document.RootElement;
                if (!root.TryGetProperty("apiVersion", out var version))
                {
                    throw new InvalidOperationException("object without apiVersion");
                }

                if (version.GetString() != DeviceMetadataDocument.V1Alpha1)
                {
                    continue;
                }

                var request = root.GetProperty("requests").EnumerateArray().Single(r => r.GetProperty("name").GetString() == requestName);
                var device = request.GetProperty("devices").EnumerateArray().Should().ContainSingle().Subject;
                return device.GetProperty("attributes").GetProperty("resource.kubernetes.io/pciBusID").GetProperty("string").GetString()!;
            }
        }

        throw new InvalidOperationException("no v1alpha1 object");
    }
}
