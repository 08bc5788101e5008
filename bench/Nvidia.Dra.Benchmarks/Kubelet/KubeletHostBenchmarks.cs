using System.Runtime.Versioning;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using k8s;
using Nvidia.Dra.Core;
using CoreClaim = Nvidia.Dra.Core.Kubernetes.ResourceClaim;
using CoreJson = Nvidia.Dra.Core.Kubernetes.KubernetesJson;
using Nvidia.Dra.Kubelet.Protocol.V1;
using Nvidia.Dra.Testing.FakeApiServer;
using Nvidia.Dra.Testing.SimulatedDriver;

namespace Nvidia.Dra.Benchmarks.Kubelet;

/// <summary>
/// What the kubelet-plugin host adds to a NodePrepareResources call of one vfio claim on the simulated 8-GPU node:
/// the call as kubelet makes it (by claim reference over <c>dra.sock</c> with Grpc.Net.Client, the driver reading the
/// claim from the loopback fake API server) against calling <see cref="IDraNodeService"/> directly with the claim in
/// hand (the baseline), on the same driver. The GPU is given back after each prepare, outside the measurement, so
/// every iteration switches it for real. A second group does the same for a whole prepare+unprepare cycle (two calls
/// over the socket against two direct calls), and two rows split the difference into its parts: one empty call over
/// the socket and one claim GET.
/// Run: <c>dotnet run -c Release --project bench/Nvidia.Dra.Benchmarks -- --filter '*KubeletHost*'</c>.
/// Each row runs in its own phase, so on a loaded machine compare with <see cref="KubeletHostPhases"/>
/// (<c>-- --phases 200</c>), which runs the paths in turn within each round.
/// </summary>
[SupportedOSPlatform("linux")]
[MemoryDiagnoser]
// The goal is about the median; the mean of single cycles on a shared machine is pulled by a few stalls.
[MedianColumn]
[MinColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[Config(typeof(SingleCycles))]
public class KubeletHostBenchmarks
{
    private const string Namespace = "vms";
    private const string Name = "virt-launcher-vm1-gpu-x7k2p";
    private const string Uid = "3f0c8e2a-7b1d-4c6e-9a5f-0d2b4e6a8c10";
    private const string Prepare = "NodePrepareResources";
    private const string Cycle = "prepare+unprepare cycle";
    private SimulatedDriverHost? _driver;
    private DRAPlugin.DRAPluginClient? _dra;
    private Kubernetes? _api;
    private IDraNodeService? _service;
    private CoreClaim? _claim;
    private string _gpu = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _driver = SimulatedDriverHost.StartAsync().GetAwaiter().GetResult();
        _service = _driver.Service;
        var slices = _service.GetResourceSlices();
        var vfio = slices.Devices.First(d => d.Kind == DeviceKind.Vfio);
        _gpu = vfio.PciAddress;
        var stored = GuideClaims.VfioGpu(Namespace, Name, Uid, slices.Slices[0].Spec.Pool.Name, vfio.Name);
        _driver.Api.PutResourceClaim(stored);
        // The baseline gets the very claim the API server serves, decoded once.
        _claim = CoreJson.ReadClaim(Encoding.UTF8.GetBytes(stored.ToJsonString()));
        _dra = new DRAPlugin.DRAPluginClient(_driver.Channel(_driver.Plugin.DraSocketPath));
        // The same client and kubeconfig the host builds, for the GET alone.
        _api = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_driver.Settings.Kubeconfig!));

        // Both paths must really switch the GPU and give it back, or the comparison means nothing.
        CycleThroughSocket().GetAwaiter().GetResult();
        CycleDirect().GetAwaiter().GetResult();
        if (_driver.Node.Host.DriverOf(Nvidia.Dra.Vfio.PciAddress.Parse(_gpu)) != "nvidia")
        {
            throw new InvalidOperationException("Setup check: the GPU must be back on nvidia after a cycle.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _api?.Dispose();
        _driver?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Gives the GPU back after each measured prepare, so the next one switches it again.</summary>
    [IterationCleanup(Targets = [nameof(PrepareThroughSocket), nameof(PrepareDirect)])]
    public void GiveBack() => UnprepareDirect().GetAwaiter().GetResult();

    [Benchmark(Description = "NodePrepareResources over dra.sock (claim GET included)")]
    [BenchmarkCategory(Prepare)]
    public Task PrepareThroughSocket() => PrepareOverSocket();

    [Benchmark(Baseline = true, Description = "PrepareResourceClaimsAsync through IDraNodeService")]
    [BenchmarkCategory(Prepare)]
    public Task PrepareDirect() => PrepareOnService();

    /// <summary>The host's floor per call: an empty batch over the socket (no claim GET, no driver work).</summary>
    [Benchmark(Description = "one empty NodeUnprepareResources over dra.sock (per-call floor)")]
    [BenchmarkCategory(Prepare)]
    public async Task EmptyCallThroughSocket()
    {
        var response = await _dra!.NodeUnprepareResourcesAsync(new NodeUnprepareResourcesRequest());
        if (response.Claims.Count != 0)
        {
            throw new InvalidOperationException("an empty batch answers no claims");
        }
    }

    /// <summary>The claim GET alone, as the host makes it (KubernetesClient against the loopback fake API server).</summary>
    [Benchmark(Description = "one claim GET from the fake API server (KubernetesClient)")]
    [BenchmarkCategory(Prepare)]
    public async Task ClaimGet()
    {
        var claim = await _api!.ResourceV1.ReadNamespacedResourceClaimAsync(Name, Namespace);
        if (claim.Metadata.Uid != Uid)
        {
            throw new InvalidOperationException("the stored claim comes back");
        }
    }

    [Benchmark(Description = "NodePrepare+NodeUnprepareResources over dra.sock (claim GET included)")]
    [BenchmarkCategory(Cycle)]
    public async Task CycleThroughSocket()
    {
        await PrepareOverSocket();
        var unprepared = await _dra!.NodeUnprepareResourcesAsync(new NodeUnprepareResourcesRequest { Claims = { Reference() } });
        if (unprepared.Claims[Uid].Error is { Length: > 0 } unprepareError)
        {
            throw new InvalidOperationException($"unprepare: {unprepareError}");
        }
    }

    [Benchmark(Baseline = true, Description = "prepare+unprepare through IDraNodeService")]
    [BenchmarkCategory(Cycle)]
    public async Task CycleDirect()
    {
        await PrepareOnService();
        await UnprepareDirect();
    }

    private async Task PrepareOverSocket()
    {
        var prepared = await _dra!.NodePrepareResourcesAsync(new NodePrepareResourcesRequest { Claims = { Reference() } });
        if (prepared.Claims[Uid].Error is { Length: > 0 } error)
        {
            throw new InvalidOperationException($"prepare: {error}");
        }
    }

    private async Task PrepareOnService()
    {
        var prepared = await _service!.PrepareResourceClaimsAsync([_claim!]);
        if (prepared[0].Error is { } error)
        {
            throw error;
        }
    }

    private async Task UnprepareDirect()
    {
        var released = await _service!.UnprepareResourceClaimsAsync([new ClaimReference(Namespace, Name, Uid)]);
        if (released[0].Error is { } unprepareError)
        {
            throw unprepareError;
        }
    }

    private static Claim Reference() => new() { Namespace = Namespace, Name = Name, Uid = Uid };

    /// <summary>
    /// One cycle per iteration, because each cycle moves the GPU and back and the median over many single cycles is
    /// what the goal is about.
    /// </summary>
    private sealed class SingleCycles : InProcessConfig
    {
        public SingleCycles()
            : base(Monitoring(warmups: 10, iterations: 300))
        {
        }
    }
}
