using System.Text;
using Nvidia.Dra.Core.Claims;
using Nvidia.Dra.Core.Configs;
using Nvidia.Dra.Core.FeatureGates;
using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Core.Tests.Claims;

public class ResourceClaimJsonTests
{
    // The NVIDIA guide's claim template after the scheduler allocated it, as the API server returns it: the class
    // config of our vfio DeviceClass (FromClass) and the template's config (FromClaim), plus fields we do not model.
    private const string AllocatedGuideClaim = """
        {
          "apiVersion": "resource.k8s.io/v1",
          "kind": "ResourceClaim",
          "metadata": {
            "name": "virt-launcher-vm1-gpu-x7k2p",
            "namespace": "vms",
            "uid": "3f0c2a9e-5d1b-4c1e-9a7f-0d6a1b2c3d4e",
            "resourceVersion": "12345",
            "annotations": { "resource.kubernetes.io/pod-claim-name": "gpu" },
            "finalizers": ["resource.kubernetes.io/delete-protection"]
          },
          "spec": {
            "devices": {
              "requests": [ { "name": "dra-gpu", "exactly": { "allocationMode": "ExactCount", "count": 1, "deviceClassName": "vfio.gpu.nvidia.com" } } ],
              "config": [ { "requests": ["dra-gpu"], "opaque": { "driver": "gpu.nvidia.com", "parameters": { "apiVersion": "resource.nvidia.com/v1beta1", "kind": "VfioDeviceConfig", "iommu": { "backendPolicy": "LegacyOnly", "enableAPIDevice": true } } } } ]
            }
          },
          "status": {
            "allocation": {
              "devices": {
                "results": [ { "request": "dra-gpu", "driver": "gpu.nvidia.com", "pool": "h200-node-1", "device": "gpu-vfio-0000-65-00-0", "adminAccess": null } ],
                "config": [
                  { "source": "FromClass", "requests": ["dra-gpu"], "opaque": { "driver": "gpu.nvidia.com", "parameters": { "apiVersion": "resource.nvidia.com/v1beta1", "kind": "VfioDeviceConfig", "iommu": { "backendPolicy": "LegacyOnly", "enableAPIDevice": true } } } },
                  { "source": "FromClaim", "requests": ["dra-gpu"], "opaque": { "driver": "gpu.nvidia.com", "parameters": { "apiVersion": "resource.nvidia.com/v1beta1", "kind": "VfioDeviceConfig", "iommu": { "backendPolicy": "LegacyOnly", "enableAPIDevice": true } } } }
                ]
              },
              "nodeSelector": { "nodeSelectorTerms": [ { "matchFields": [ { "key": "metadata.name", "operator": "In", "values": ["h200-node-1"] } ] } ] },
              "allocationTimestamp": "2026-11-26T14:00:00Z"
            },
            "reservedFor": [ { "resource": "pods", "name": "virt-launcher-vm1", "uid": "p1" } ]
          }
        }
        """;

    [Fact]
    public void ReadClaim_AllocatedGuideTemplate_ResolvesToLegacyWithApiDevice()
    {
        var claim = KubernetesJson.ReadClaim(Encoding.UTF8.GetBytes(AllocatedGuideClaim));
        var resolver = new ClaimConfigResolver("gpu.nvidia.com", FeatureGateSet.Parse("PassthroughSupport=true,DeviceMetadata=true"));

        var device = resolver.Resolve(claim, name => name == "gpu-vfio-0000-65-00-0" ? DeviceKind.Vfio : null).GetDevicesOrThrow().Single();

        claim.Metadata.Annotations![ResourceClaim.PodClaimNameAnnotation].Should().Be("gpu");
        device.Should().Be(new ResolvedDevice(
            "dra-gpu",
            "h200-node-1",
            "gpu-vfio-0000-65-00-0",
            DeviceKind.Vfio,
            new VfioDeviceConfig(new IommuConfig(IommuBackendPolicy.LegacyOnly, true)),
            ConfigSource.FromClaim));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"metadata\": 5}")]
    [InlineData("{")]
    [InlineData("{\"metadata\": null}")]
    [InlineData("{\"metadata\": {}, \"status\": {\"allocation\": {\"devices\": {\"results\": [{\"request\": \"r\"}]}}}}")]
    public void ReadClaim_Malformed_TypedError(string json)
    {
        var act = () => KubernetesJson.ReadClaim(Encoding.UTF8.GetBytes(json));

        act.Should().Throw<ClaimConfigException>();
    }

    [Fact]
    public void Resolve_AgainstPublishedPool_ChecksPoolAndDevice()
    {
        var claim = KubernetesJson.ReadClaim(Encoding.UTF8.GetBytes(AllocatedGuideClaim));
        var resolver = new ClaimConfigResolver("gpu.nvidia.com", FeatureGateSet.Parse("PassthroughSupport=true"));
        var input = new Nvidia.Dra.Core.Advertising.AdvertisingInput
        {
            NodeName = "h200-node-1",
            Gates = FeatureGateSet.Parse("PassthroughSupport=true"),
            PassthroughAvailable = true,
            Gpus = [Support.TestGpus.H200("0000:65:00.0")],
        };
        var publication = new Nvidia.Dra.Core.Advertising.ResourceSliceBuilder().Build(input);
        var otherNode = new Nvidia.Dra.Core.Advertising.ResourceSliceBuilder().Build(input with { NodeName = "other-node" });

        resolver.Resolve(claim, publication).Succeeded.Should().BeTrue();
        resolver.Resolve(claim, otherNode).Errors.Should().ContainSingle().Which.Message.Should().Contain("pool h200-node-1");
    }
}
