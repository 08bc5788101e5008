using System.Text.Json;
using Nvidia.Dra.Core.Claims;
using Nvidia.Dra.Core.Configs;
using Nvidia.Dra.Core.FeatureGates;
using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Core.Tests.Claims;

public class ClaimConfigResolverTests
{
    private const string Driver = "gpu.nvidia.com";
    private const string Vfio = "gpu-vfio-0000-65-00-0";
    private const string Vfio2 = "gpu-vfio-0000-66-00-0";
    private const string Gpu = "gpu-0000-65-00-0";

    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["V+"] = """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"backendPolicy":"LegacyOnly","enableAPIDevice":true}}""",
        ["V-"] = """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"enableAPIDevice":false}}""",
        ["VF"] = """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"backendPolicy":"PreferIommuFD"}}""",
        ["G"] = """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"GpuConfig"}""",
        ["bad"] = """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"backendPolicy":"Nope"}}""",
        ["junk"] = """[1,2,3]""",
    };

    private static readonly Dictionary<string, DeviceConfiguration> Expected = new()
    {
        ["default-vfio"] = VfioDeviceConfig.Default,
        ["default-gpu"] = GpuConfig.Default,
        ["V+"] = new VfioDeviceConfig(new IommuConfig(IommuBackendPolicy.LegacyOnly, true)),
        ["V-"] = new VfioDeviceConfig(new IommuConfig(IommuBackendPolicy.LegacyOnly, false)),
        ["VF"] = new VfioDeviceConfig(new IommuConfig(IommuBackendPolicy.PreferIommuFD, false)),
        ["G"] = GpuConfig.Default,
    };

    /// <summary>
    /// Rows: results as "request=device" separated by ';'; configs as "Source:req1|req2:params[@driver]" separated
    /// by ';' (Source C=FromClaim, K=FromClass, X=unknown; an empty request list applies to all; params "none" has
    /// no opaque); expected as "request=Source:config" per device, or "error:fragment".
    /// </summary>
    public static TheoryData<string, string, string, string> Rows() => new()
    {
        { "no configs: vfio default", "vm=" + Vfio, "", "vm=Default:default-vfio" },
        { "no configs: gpu default", "gpu=" + Gpu, "", "gpu=Default:default-gpu" },
        { "class config applies", "vm=" + Vfio, "K:vm:V+", "vm=FromClass:V+" },
        { "class catch-all applies", "vm=" + Vfio, "K::V+", "vm=FromClass:V+" },
        { "claim beats class", "vm=" + Vfio, "K:vm:V+;C:vm:V-", "vm=FromClaim:V-" },
        { "claim beats class whatever the status order", "vm=" + Vfio, "C:vm:V-;K:vm:V+", "vm=FromClaim:V-" },
        { "later claim config wins", "vm=" + Vfio, "C:vm:V+;C:vm:VF", "vm=FromClaim:VF" },
        { "later catch-all beats earlier specific", "vm=" + Vfio, "C:vm:V+;C::VF", "vm=FromClaim:VF" },
        { "later specific beats earlier catch-all", "vm=" + Vfio, "C::V+;C:vm:VF", "vm=FromClaim:VF" },
        { "config on main applies to subrequest (W12)", "vm/a=" + Vfio, "C:vm:V+", "vm/a=FromClaim:V+" },
        { "config on exact subrequest applies", "vm/a=" + Vfio, "C:vm/a:V+", "vm/a=FromClaim:V+" },
        { "config on another subrequest does not apply", "vm/a=" + Vfio, "C:vm/b:V+", "vm/a=Default:default-vfio" },
        { "prefix of another request does not apply", "vmx=" + Vfio, "C:vm:V+", "vmx=Default:default-vfio" },
        { "one of several named requests", "vm=" + Vfio, "C:a|vm|b:V+", "vm=FromClaim:V+" },
        { "vfio config named on a gpu device is an error", "gpu=" + Gpu, "C:gpu:V+", "error:cannot apply VfioDeviceConfig from status.allocation.devices.config[0] to device 'gpu-0000-65-00-0' of type gpu (request gpu)" },
        { "gpu config named on a vfio device is an error", "vm=" + Vfio, "C:vm:G", "error:cannot apply GpuConfig" },
        { "vfio catch-all skips gpu devices", "gpu=" + Gpu, "C::V+", "gpu=Default:default-gpu" },
        { "gpu catch-all skips vfio devices", "vm=" + Vfio, "K::V+;C::G", "vm=FromClass:V+" },
        { "other driver's config ignored, even junk", "vm=" + Vfio, "C:vm:junk@other.example.com", "vm=Default:default-vfio" },
        { "config without opaque rejects the claim", "vm=" + Vfio, "C:vm:none", "error:only opaque parameters are supported" },
        { "undecodable config rejects the claim even if unused", "vm=" + Vfio, "C:other:bad", "error:unknown IOMMU backend policy 'Nope'" },
        { "undecodable config naming the request", "vm=" + Vfio, "C:vm:bad", "error:status.allocation.devices.config[0] (FromClaim)" },
        { "non-object parameters", "vm=" + Vfio, "C:vm:junk", "error:must be a JSON object" },
        { "unknown source", "vm=" + Vfio, "X:vm:V+", "error:unknown source 'X'" },
        { "mixed gpu and vfio results (W21)", "vm=" + Vfio + ";gpu=" + Gpu, "", "error:mixes vfio devices (vm: gpu-vfio-0000-65-00-0) with container devices (gpu: gpu-0000-65-00-0)" },
        { "device not advertised", "vm=gpu-vfio-0000-99-00-0", "", "error:is not advertised in this node's pool" },
        { "bad request name", "VM=" + Vfio, "", "error:invalid request name 'VM'" },
        { "two vfio requests, two configs", "a=" + Vfio + ";b=" + Vfio2, "C:a:V+;C:b:VF", "a=FromClaim:V+;b=FromClaim:VF" },
        { "guide template with the shipped class config", "dra-gpu=" + Vfio, "K:dra-gpu:V+;C:dra-gpu:V+", "dra-gpu=FromClaim:V+" },
        { "shipped class config alone gives the API device (W14)", "dra-gpu=" + Vfio, "K:dra-gpu:V+", "dra-gpu=FromClass:V+" },
        { "user can switch the API device off", "dra-gpu=" + Vfio, "K:dra-gpu:V+;C:dra-gpu:V-", "dra-gpu=FromClaim:V-" },
        { "results of other drivers ignored", "vm=" + Vfio + "@other.example.com", "", "" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Resolve_Table(string because, string results, string configs, string expected)
    {
        var resolution = Resolver(FeatureGateSet.Parse("PassthroughSupport=true")).Resolve(Claim(results, configs), KindOf);

        if (expected.StartsWith("error:", StringComparison.Ordinal))
        {
            resolution.Succeeded.Should().BeFalse(because);
            resolution.Devices.Should().BeEmpty();
            var fragment = expected.Substring("error:".Length);
            resolution.Errors.Should().Contain(e => e.Message.Contains(fragment, StringComparison.Ordinal), because);
            var act = () => resolution.GetDevicesOrThrow();
            act.Should().Throw<ClaimConfigException>().WithMessage("*ns/claim (uid-1)*");
            return;
        }

        resolution.Errors.Should().BeEmpty(because);
        var actual = resolution.Devices.Select(d => (d.Request, d.Source.ToString(), d.Config)).ToList();
        var wanted = expected.Length == 0
            ? []
            : expected.Split(';').Select(e =>
            {
                var (request, rest) = Split(e, '=');
                var (source, config) = Split(rest, ':');
                return (request, source, Expected[config]);
            }).ToList();
        actual.Should().Equal(wanted, because);
    }

    [Fact]
    public void Resolve_VfioDeviceWithPassthroughOff_Rejected()
    {
        var resolution = Resolver(FeatureGateSet.Defaults).Resolve(Claim("vm=" + Vfio, string.Empty), KindOf);

        resolution.Errors.Should().ContainSingle().Which.Message.Should().Contain("PassthroughSupport");
    }

    [Fact]
    public void Resolve_NoAllocation_Rejected()
    {
        var claim = new ResourceClaim { Metadata = new ObjectMeta { Name = "claim", Namespace = "ns", Uid = "uid-1" } };

        Resolver(FeatureGateSet.Defaults).Resolve(claim, KindOf).Errors.Should().ContainSingle()
            .Which.Message.Should().Contain("no status.allocation.devices");
    }

    [Fact]
    public void Resolve_SubrequestDevice_BaseRequestStripped()
    {
        var device = Resolver(FeatureGateSet.Parse("PassthroughSupport=true")).Resolve(Claim("vm/big=" + Vfio, string.Empty), KindOf).GetDevicesOrThrow().Single();

        device.BaseRequest.Should().Be("vm");
        device.Pool.Should().Be("node-a");
    }

    [Fact]
    public void Resolve_TooManyResults_Rejected()
    {
        var results = string.Join(';', Enumerable.Range(0, 33).Select(i => $"r{i}={Vfio}"));

        Resolver(FeatureGateSet.Parse("PassthroughSupport=true")).Resolve(Claim(results, string.Empty), KindOf).Errors.Should().ContainSingle()
            .Which.Message.Should().Contain("more than the API limit of 32");
    }

    private static ClaimConfigResolver Resolver(FeatureGateSet gates) => new(Driver, gates);

    private static DeviceKind? KindOf(string device) => device switch
    {
        Vfio or Vfio2 => DeviceKind.Vfio,
        Gpu => DeviceKind.Gpu,
        _ => null,
    };

    private static (string, string) Split(string value, char separator)
    {
        var index = value.IndexOf(separator, StringComparison.Ordinal);
        return (value[..index], value[(index + 1)..]);
    }

    private static ResourceClaim Claim(string results, string configs) => new()
    {
        Metadata = new ObjectMeta { Name = "claim", Namespace = "ns", Uid = "uid-1" },
        Status = new ResourceClaimStatus
        {
            Allocation = new AllocationResult
            {
                Devices = new DeviceAllocationResult
                {
                    Results = results.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(r =>
                    {
                        var (request, device) = Split(r, '=');
                        var driver = Driver;
                        if (device.Contains('@', StringComparison.Ordinal))
                        {
                            (device, driver) = Split(device, '@');
                        }

                        return new DeviceRequestAllocationResult { Request = request, Driver = driver, Pool = "node-a", Device = device };
                    }).ToList(),
                    Config = configs.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(c =>
                    {
                        var parts = c.Split(':');
                        var (parameters, driver) = parts[2].Contains('@', StringComparison.Ordinal) ? Split(parts[2], '@') : (parts[2], Driver);
                        return new DeviceAllocationConfiguration
                        {
                            Source = parts[0] switch { "C" => "FromClaim", "K" => "FromClass", _ => parts[0] },
                            Requests = parts[1].Length == 0 ? [] : parts[1].Split('|'),
                            Opaque = parameters == "none" ? null : new OpaqueDeviceConfiguration(driver, JsonDocument.Parse(Parameters[parameters]).RootElement.Clone()),
                        };
                    }).ToList(),
                },
            },
        },
    };
}
