using System.Text.Json;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Core.Tests.Node;

/// <summary>
/// 10,000 seeded claim shapes through the facade: hostile identities, unknown and container devices, other
/// drivers, malformed and oversized configs, bad request names, duplicates. Every rejection is a typed
/// <see cref="NvidiaDraException"/> and leaves no trace: no sysfs write, no file, no checkpoint entry.
/// </summary>
public sealed class FacadeFuzzTests
{
    private const int Cases = 10_000;

    private static readonly string[] Uids =
    [
        "../x", "a/b", "", "uid with space", new string('a', 65), "..", "ok-\u00e9", "0000", "f00dbabe-0000-4000-8000-00000000000{0}",
    ];

    private static readonly string[] Names = ["vm1", "../etc", "", "UPPER", "a.b", new string('n', 254), "x/y", "ok-name"];

    private static readonly string[] Namespaces = ["vms", "../..", "", "Bad_NS", new string('s', 64), "default"];

    private static readonly string[] Requests = ["dra-gpu", "dra-gpu/sub", "../r", "", "a/b/c", "UPPER", new string('r', 64)];

    private static readonly string[] Devices =
    [
        "gpu-vfio-0000-18-00-0", "gpu-0000-18-00-0", "gpu-vfio-0000-99-00-0", "../../dev", "", "gpu-vfio-0000-18-00-0/../x",
        "gpu-vfio-0000-2a-00-0",
    ];

    private static readonly string[] Configs =
    [
        ClaimFactory.GuideConfig,
        """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"GpuConfig"}""",
        """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"backendPolicy":"Nope"}}""",
        """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","extra":1}""",
        """{"apiVersion":"resource.nvidia.com/v1","kind":"VfioDeviceConfig"}""",
        """{"kind":"VfioDeviceConfig"}""",
        """[1,2]""",
        "\"string\"",
        "null",
        "{\"apiVersion\":\"resource.nvidia.com/v1beta1\",\"kind\":\"VfioDeviceConfig\",\"pad\":\"" + new string('x', 11 * 1024) + "\"}",
        """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","kind":"GpuConfig"}""",
    ];

    [Fact]
    public async Task Prepare_TenThousandGeneratedClaims_RejectsTypedAndNeverWrites()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu(), memoryBacked: true);
        await node.Service.StartAsync();
        var random = new Random(5304);
        var accepted = 0;
        var rejected = 0;
        for (var i = 0; i < Cases; i++)
        {
            var claim = Generate(random, i);
            var writes = node.Host.Kernel.Writes.Count;

            var result = (await node.Service.PrepareResourceClaimsAsync([claim]))[0];

            if (result.Error is null)
            {
                accepted++;
                var released = await node.Service.UnprepareResourceClaimsAsync([new ClaimReference(claim.Metadata.Namespace!, claim.Metadata.Name!, claim.Metadata.Uid!)]);
                released[0].Error.Should().BeNull();
                continue;
            }

            rejected++;
            result.Error.Should().BeAssignableTo<NvidiaDraException>();
            result.Error.Message.Should().NotBeNullOrWhiteSpace();
            (result.Error is not ClaimPreparationException { RolledBack: false }).Should().BeTrue($"case {i}: a rejection leaves nothing to clean up: {result.Error.Message}");
            node.Host.Kernel.Writes.Count.Should().Be(writes, $"case {i} was rejected, so nothing may be written: {result.Error.Message}");
            node.CdiFiles().Should().BeEmpty($"case {i}");
        }

        node.MetadataFiles().Should().BeEmpty();
        File.ReadAllText(node.CheckpointPath).Should().NotContain("\"uid\"");
        rejected.Should().BeGreaterThan(Cases * 8 / 10);
        accepted.Should().BeGreaterThan(0, "the generator also produces valid claims, so the fuzz reaches the engine");
    }

    private static ResourceClaim Generate(Random random, int index)
    {
        var valid = random.Next(100) == 0;
        string Pick(string[] values) => values[random.Next(values.Length)];
        var uid = valid ? $"f00dbabe-0000-4000-8000-{index:x12}" : string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(Uids), index % 10);
        var results = Enumerable.Range(0, valid ? 1 : random.Next(0, 4))
            .Select(_ => new DeviceRequestAllocationResult
            {
                Request = valid ? "dra-gpu" : Pick(Requests),
                Driver = valid || random.Next(5) > 0 ? "gpu.nvidia.com" : "other.example.com",
                Pool = valid || random.Next(5) > 0 ? "node-a" : "../pool",
                Device = valid ? "gpu-vfio-0000-18-00-0" : Pick(Devices),
            })
            .ToList();
        var configs = Enumerable.Range(0, valid ? 1 : random.Next(0, 3))
            .Select(_ => new DeviceAllocationConfiguration
            {
                Source = valid || random.Next(6) > 0 ? (random.Next(2) == 0 ? DeviceAllocationConfiguration.FromClaim : DeviceAllocationConfiguration.FromClass) : "FromNowhere",
                Requests = valid ? ["dra-gpu"] : random.Next(3) == 0 ? null : [Pick(Requests)],
                Opaque = random.Next(12) == 0 && !valid ? null : new OpaqueDeviceConfiguration(
                    valid || random.Next(6) > 0 ? "gpu.nvidia.com" : "other.example.com",
                    JsonDocument.Parse(valid ? ClaimFactory.GuideConfig : Pick(Configs)).RootElement.Clone()),
            })
            .ToList();
        return new ResourceClaim
        {
            Metadata = new ObjectMeta
            {
                Uid = uid,
                Name = valid ? "vm1" : Pick(Names),
                Namespace = valid ? "vms" : Pick(Namespaces),
                Annotations = random.Next(3) == 0 ? new Dictionary<string, string> { [ResourceClaim.PodClaimNameAnnotation] = Pick(Names) } : null,
            },
            Status = random.Next(15) == 0 && !valid ? null : new ResourceClaimStatus
            {
                Allocation = new AllocationResult { Devices = new DeviceAllocationResult { Results = results, Config = configs } },
            },
        };
    }
}
