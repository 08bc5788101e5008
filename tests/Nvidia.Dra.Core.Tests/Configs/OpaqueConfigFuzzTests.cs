using System.Text;
using System.Text.Json;
using Nvidia.Dra.Core.Claims;
using Nvidia.Dra.Core.Configs;
using Nvidia.Dra.Core.FeatureGates;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Core.Tests.Support;

namespace Nvidia.Dra.Core.Tests.Configs;

/// <summary>
/// Seeded fuzzing of the opaque-config decoder and the claim resolver: random JSON shapes, wrong types, huge
/// values, unicode and invalid UTF-8, deep nesting and near-valid mutations. Every rejection must be a typed
/// <see cref="NvidiaDraException"/>; nothing else may escape.
/// </summary>
public class OpaqueConfigFuzzTests
{
    private const int Iterations = 12_000;
    private const string MutationBytes = "{}[]\",:0a\"\\ nul";

    private static readonly string[] Keys =
    [
        "apiVersion", "kind", "iommu", "backendPolicy", "enableAPIDevice", "sharing", "strategy", "timeSlicingConfig",
        "interval", "mpsConfig", "defaultActiveThreadPercentage", "defaultPinnedDeviceMemoryLimit",
        "defaultPerDevicePinnedMemoryLimit", "extra", "Kind", "", "ünïcødé", "\u0000", "\ud83d\ude00",
    ];

    private static readonly string[] Strings =
    [
        "resource.nvidia.com/v1beta1", "VfioDeviceConfig", "GpuConfig", "MigDeviceConfig", "LegacyOnly",
        "PreferIommuFD", "TimeSlicing", "MPS", "Default", "Long", "10Gi", "-1", "", "null", "true",
        "resource.nvidia.com/v1", "ComputeDomainChannelConfig", "\u202e\u0007", "\ud800",
    ];

    [Fact]
    public void Decode_TwelveThousandGeneratedConfigs_OnlyTypedRejections()
    {
        var random = new Random(5304);
        var decoder = new OpaqueConfigDecoder(FeatureGateSet.Parse("PassthroughSupport=true,MPSSupport=true"));
        var accepted = 0;
        var rejected = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var input = Generate(random, i);
            try
            {
                decoder.Decode(input).Should().NotBeNull();
                accepted++;
            }
            catch (OpaqueConfigException ex)
            {
                ex.Field.Should().StartWith("$");
                ex.Message.Should().NotBeNullOrWhiteSpace();
                rejected++;
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"iteration {i}: {ex.GetType().Name} escaped for input {Preview(input)}: {ex}");
            }
        }

        (accepted + rejected).Should().Be(Iterations);
        accepted.Should().BeGreaterThan(Iterations / 20, "the generator must also produce valid configs, or the test proves little");
        rejected.Should().BeGreaterThan(Iterations / 2);
    }

    [Fact]
    public void Resolve_GeneratedClaimShapes_NeverThrow()
    {
        var random = new Random(4815);
        var resolver = new ClaimConfigResolver("gpu.nvidia.com", FeatureGateSet.Parse("PassthroughSupport=true"));
        string[] requests = ["vm", "vm/a", "gpu", "x", "bad name", ""];
        string[] devices = ["gpu-vfio-0000-65-00-0", "gpu-0000-65-00-0", "gpu-unknown"];
        for (var i = 0; i < 2_000; i++)
        {
            var configs = Enumerable.Range(0, random.Next(0, 4)).Select(_ => new DeviceAllocationConfiguration
            {
                Source = random.Next(5) == 0 ? "FromSomewhere" : random.Next(2) == 0 ? "FromClass" : "FromClaim",
                Requests = random.Next(2) == 0 ? null : [requests[random.Next(requests.Length)]],
                Opaque = random.Next(8) == 0 ? null : new OpaqueDeviceConfiguration(
                    random.Next(4) == 0 ? "other.example.com" : "gpu.nvidia.com",
                    ToElement(Generate(random, i))),
            }).ToList();
            var claim = new ResourceClaim
            {
                Metadata = new ObjectMeta { Name = "c", Namespace = "ns", Uid = "u" },
                Status = new ResourceClaimStatus
                {
                    Allocation = new AllocationResult
                    {
                        Devices = new DeviceAllocationResult
                        {
                            Results = Enumerable.Range(0, random.Next(0, 3)).Select(_ => new DeviceRequestAllocationResult
                            {
                                Request = requests[random.Next(requests.Length)],
                                Driver = "gpu.nvidia.com",
                                Pool = "node",
                                Device = devices[random.Next(devices.Length)],
                            }).ToList(),
                            Config = configs,
                        },
                    },
                },
            };

            var resolution = resolver.Resolve(claim, name => name.StartsWith("gpu-vfio-", StringComparison.Ordinal) ? DeviceKind.Vfio : name == "gpu-unknown" ? null : DeviceKind.Gpu);

            resolution.Errors.Should().AllBeAssignableTo<NvidiaDraException>();
            (resolution.Succeeded ? resolution.Devices.Count : 0).Should().Be(resolution.Succeeded ? claim.Status.Allocation.Devices.Results!.Count : 0);
        }
    }

    [Fact]
    public void ReadClaim_MutatedApiServerJson_OnlyTypedRejections()
    {
        var random = new Random(1415);
        var resolver = new ClaimConfigResolver("gpu.nvidia.com", FeatureGateSet.Parse("PassthroughSupport=true"));
        var original = Encoding.UTF8.GetBytes(
            """{"metadata":{"name":"c","namespace":"ns","uid":"u","annotations":{"resource.kubernetes.io/pod-claim-name":"gpu"}},"status":{"allocation":{"devices":{"results":[{"request":"vm","driver":"gpu.nvidia.com","pool":"node","device":"gpu-vfio-0000-65-00-0"}],"config":[{"source":"FromClaim","requests":["vm"],"opaque":{"driver":"gpu.nvidia.com","parameters":{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"backendPolicy":"LegacyOnly","enableAPIDevice":true}}}}]}}}}""");
        var parsed = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var mutated = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)MutationBytes[random.Next(MutationBytes.Length)];
            }

            try
            {
                var claim = KubernetesJson.ReadClaim(mutated);
                resolver.Resolve(claim, _ => DeviceKind.Vfio).Errors.Should().AllBeAssignableTo<NvidiaDraException>();
                parsed++;
            }
            catch (ClaimConfigException)
            {
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"iteration {i}: {ex.GetType().Name} escaped for {Encoding.UTF8.GetString(mutated)}: {ex}");
            }
        }

        parsed.Should().BeGreaterThan(0);
    }

    private static JsonElement ToElement(byte[] input)
    {
        try
        {
            using var document = JsonDocument.Parse(input);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement("not json", TestJsonContext.Default.String);
        }
    }

    private static byte[] Generate(Random random, int iteration) => (iteration % 10) switch
    {
        0 or 1 or 2 => Encoding.UTF8.GetBytes(NearValid(random)),
        3 => Encoding.UTF8.GetBytes(RandomValue(random, depth: 0)),
        4 => Encoding.UTF8.GetBytes(Nested(random)),
        5 => Huge(random),
        6 => RandomBytes(random),
        7 => Truncated(random),
        8 => Encoding.UTF8.GetBytes(RandomObject(random, depth: 0)),
        _ => Encoding.UTF8.GetBytes(NearValid(random).Replace("\"LegacyOnly\"", RandomValue(random, 2), StringComparison.Ordinal)),
    };

    private static string NearValid(Random random)
    {
        var fields = new List<string>
        {
            "\"apiVersion\":" + (random.Next(10) == 0 ? RandomValue(random, 3) : "\"resource.nvidia.com/v1beta1\""),
            "\"kind\":" + (random.Next(8) == 0 ? RandomValue(random, 3) : JsonString(new[] { "VfioDeviceConfig", "GpuConfig", "MigDeviceConfig" }[random.Next(3)])),
        };
        switch (random.Next(6))
        {
            case 0:
                fields.Add("\"iommu\":{\"backendPolicy\":\"LegacyOnly\",\"enableAPIDevice\":" + (random.Next(2) == 0 ? "true" : RandomValue(random, 3)) + "}");
                break;
            case 1:
                fields.Add("\"sharing\":{\"strategy\":" + JsonString(Strings[random.Next(Strings.Length)]) + "}");
                break;
            case 2:
                fields.Add("\"sharing\":{\"strategy\":\"MPS\",\"mpsConfig\":{\"defaultActiveThreadPercentage\":" + random.Next(-5, 120) + "}}");
                break;
            case 3:
                fields.Add(JsonString(Keys[random.Next(Keys.Length)]) + ":" + RandomValue(random, 1));
                break;
            default:
                break;
        }

        return "{" + string.Join(",", fields.OrderBy(_ => random.Next())) + "}";
    }

    private static string RandomValue(Random random, int depth) => (depth > 4 ? random.Next(5) : random.Next(8)) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 => random.Next(4) == 0 ? "1e400" : random.NextInt64(long.MinValue, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
        3 => JsonString(Strings[random.Next(Strings.Length)]),
        4 => "-0.5",
        5 => RandomObject(random, depth + 1),
        6 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1))) + "]",
        _ => JsonString(new string((char)random.Next(0x20, 0xFFFF), random.Next(0, 80))),
    };

    private static string RandomObject(Random random, int depth) =>
        "{" + string.Join(",", Enumerable.Range(0, random.Next(5)).Select(_ => JsonString(Keys[random.Next(Keys.Length)]) + ":" + RandomValue(random, depth + 1))) + "}";

    private static string Nested(Random random)
    {
        var depth = random.Next(10, 200);
        var open = string.Concat(Enumerable.Repeat(random.Next(2) == 0 ? "{\"iommu\":" : "[", depth));
        return "{\"apiVersion\":\"resource.nvidia.com/v1beta1\",\"kind\":\"VfioDeviceConfig\",\"iommu\":" + open + "1" + new string('}', depth) + "}";
    }

    private static byte[] Huge(Random random)
    {
        var size = random.Next(9_000, 40_000);
        return Encoding.UTF8.GetBytes("{\"apiVersion\":\"resource.nvidia.com/v1beta1\",\"kind\":\"VfioDeviceConfig\",\"iommu\":{\"backendPolicy\":\"" + new string('x', size) + "\"}}");
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        if (bytes.Length > 0 && random.Next(2) == 0)
        {
            bytes[0] = (byte)'{';
        }

        return bytes;
    }

    private static byte[] Truncated(Random random)
    {
        var valid = Encoding.UTF8.GetBytes(NearValid(random));
        return valid[..random.Next(0, valid.Length)];
    }

    private static string JsonString(string value) => JsonSerializer.Serialize(value, TestJsonContext.Default.String);

    private static string Preview(byte[] input) => Encoding.UTF8.GetString(input[..Math.Min(input.Length, 200)]);
}
