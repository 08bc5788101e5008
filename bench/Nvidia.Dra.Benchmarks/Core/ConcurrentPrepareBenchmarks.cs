using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Benchmarks.Core;

/// <summary>
/// Claims on an 8-GPU node whose simulated kernel takes real time per sysfs write (default: unbind 300 ms, bind
/// 100 ms, other writes 1 ms; set <c>NVDRA_BENCH_UNBIND_MS</c>, <c>NVDRA_BENCH_BIND_MS</c>, <c>NVDRA_BENCH_OTHER_MS</c>),
/// all in one run against one claim prepared alone (the baseline):
/// (a) 8 claims on 8 GPUs submitted at once; (b) the same while one GPU stays held by a process for 10 s —
/// measured until the other 7 are prepared; (c) from a holder's exit to the switch starting (the first sysfs write
/// of the waiting claim). Each iteration starts from every GPU on nvidia; the claims are unprepared after it.
/// Run: <c>dotnet run -c Release --project bench/Nvidia.Dra.Benchmarks -- --filter '*ConcurrentPrepare*'</c>.
/// </summary>
[SupportedOSPlatform("linux")]
[Config(typeof(InProcessMonitoring))]
public class ConcurrentPrepareBenchmarks
{
    private static readonly TimeSpan HeldFor = TimeSpan.FromSeconds(10);
    private static readonly string[] Gpus = ["0000:18:00.0", "0000:2a:00.0", "0000:3a:00.0", "0000:5d:00.0", "0000:9a:00.0", "0000:ab:00.0", "0000:ba:00.0", "0000:db:00.0"];
    private SimulatedNode? _node;
    private ServiceProvider? _provider;
    private IDraNodeService? _service;
    private SimulatedHolder? _holder;
    private Stopwatch? _heldSince;
    private Task<IReadOnlyList<ClaimPrepareResult>>? _heldClaim;
    private TaskCompletionSource? _switchStarted;

    [GlobalSetup]
    public void Setup()
    {
        _node = SimulatedNode.Create(SimulatedTopologies.Hgx8Gpu());
        _node.Host.Kernel.Latency = new SimulatedLatency(Milliseconds("NVDRA_BENCH_UNBIND_MS", 300), Milliseconds("NVDRA_BENCH_BIND_MS", 100), Milliseconds("NVDRA_BENCH_OTHER_MS", 1));
        _node.Host.Kernel.WriteStarted = _ => _switchStarted?.TrySetResult();
        var services = new ServiceCollection();
        services.AddSingleton<INvml>(_node.Nvml);
        services.AddNvidiaDra(options =>
        {
            options.NodeName = "node-a";
            options.FeatureGatesFlag = "PassthroughSupport=true";
            options.CdiRoot = Path.Join(_node.Host.Root, "var/run/cdi");
            options.PluginDataDirectory = Path.Join(_node.Host.Root, "var/lib/kubelet/plugins/gpu.nvidia.com");
            options.HostRoot = _node.Host.Root;
            options.ContainerDriverRoot = _node.Host.DriverRoot;
            options.HolderWaitTimeout = TimeSpan.FromSeconds(15);
        });
        services.AddSimulatedVfioHost(_node.Host);

        // The production holder poll (the simulated host polls every 10 ms to keep tests fast): (c) measures it.
        services.Configure<VfioHostOptions>(o => o.PollInterval = new VfioHostOptions().PollInterval);
        _provider = services.BuildServiceProvider();
        _service = _provider.GetRequiredService<IDraNodeService>();
        _service.StartAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider?.Dispose();
        _node?.Dispose();
    }

    [IterationCleanup]
    public void Release()
    {
        if (_holder is not null)
        {
            // The held GPU stays held for its full 10 s, whatever was measured meanwhile.
            var left = HeldFor - _heldSince!.Elapsed;
            if (left > TimeSpan.Zero)
            {
                Thread.Sleep(left);
            }

            _holder.Exit();
            _holder = null;
        }

        _heldClaim?.GetAwaiter().GetResult();
        _heldClaim = null;
        var released = _service!.UnprepareResourceClaimsAsync([.. Gpus.Select((_, i) => new ClaimReference("vms", Name(i), Uid(i)))]).GetAwaiter().GetResult();
        if (released.FirstOrDefault(r => r.Error is not null)?.Error is { } error || Gpus.Any(g => _node!.Host.DriverOf(PciAddress.Parse(g)) != "nvidia"))
        {
            throw new InvalidOperationException($"Cleanup check: every GPU must be back on nvidia ({released.FirstOrDefault(r => r.Error is not null)?.Error?.Message})");
        }
    }

    [Benchmark(Baseline = true, Description = "1 claim alone")]
    public async Task OneClaim() => Check(await PrepareAsync(0));

    [Benchmark(Description = "(a) 8 claims on 8 GPUs at once")]
    public async Task EightClaims() => Check(await Task.WhenAll(Enumerable.Range(0, Gpus.Length).Select(PrepareAsync)));

    [IterationSetup(Target = nameof(SevenWhileOneHeld))]
    public void HoldOne()
    {
        _holder = _node!.Host.AddHolder(_node.Host.GpuNode(0), "nv-hostengine", "0::/system.slice/nvidia-dcgm.service");
        _heldSince = Stopwatch.StartNew();
    }

    [Benchmark(Description = "(b) 8 at once, GPU 0 held 10 s: until the other 7 are prepared")]
    public async Task SevenWhileOneHeld()
    {
        _heldClaim = PrepareAsync(0);
        Check(await Task.WhenAll(Enumerable.Range(1, Gpus.Length - 1).Select(PrepareAsync)));
    }

    [IterationSetup(Target = nameof(HolderExitToSwitch))]
    public void WaitingForHolder()
    {
        HoldOne();
        _switchStarted = null;
        _heldClaim = PrepareAsync(0);

        // Let the prepare reach its holder wait (a few polls), then arm the first-write signal.
        Thread.Sleep(500);
        _switchStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [Benchmark(Description = "(c) holder exit -> switch start")]
    public async Task HolderExitToSwitch()
    {
        _holder!.Exit();
        _holder = null;
        await _switchStarted!.Task;
    }

    private static TimeSpan Milliseconds(string variable, int fallback) =>
        TimeSpan.FromMilliseconds(int.TryParse(Environment.GetEnvironmentVariable(variable), out var value) ? value : fallback);

    private static string Uid(int i) => $"c0000000-0000-4000-8000-{i:x12}";

    private static string Name(int i) => $"vm-{i}";

    private static void Check(params IReadOnlyList<ClaimPrepareResult>[] results)
    {
        if (results.SelectMany(r => r).FirstOrDefault(r => r.Error is not null)?.Error is { } error)
        {
            throw error;
        }
    }

    private Task<IReadOnlyList<ClaimPrepareResult>> PrepareAsync(int i) =>
        _service!.PrepareResourceClaimsAsync([Claim(Uid(i), Name(i), "gpu-vfio-" + Gpus[i].Replace(':', '-').Replace('.', '-'))]);

    private static ResourceClaim Claim(string uid, string name, string device) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "vms", Uid = uid },
        Status = new ResourceClaimStatus
        {
            Allocation = new AllocationResult
            {
                Devices = new DeviceAllocationResult
                {
                    Results = [new DeviceRequestAllocationResult { Request = "dra-gpu", Driver = "gpu.nvidia.com", Pool = "node-a", Device = device }],
                    Config =
                    [
                        new DeviceAllocationConfiguration
                        {
                            Source = DeviceAllocationConfiguration.FromClaim,
                            Opaque = new OpaqueDeviceConfiguration("gpu.nvidia.com", JsonDocument.Parse("""{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"enableAPIDevice":true}}""").RootElement.Clone()),
                        },
                    ],
                },
            },
        },
    };

    /// <summary>
    /// Wall-clock seconds per operation, so one invocation per iteration, in this process (no generated project to
    /// build, which times out on a loaded machine; the measured work is sleeps and I/O, not JIT-sensitive code).
    /// </summary>
    private sealed class InProcessMonitoring : ManualConfig
    {
        public InProcessMonitoring() =>
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(4)
                .WithInvocationCount(1).WithUnrollFactor(1).WithToolchain(InProcessEmitToolchain.Instance));
    }
}
