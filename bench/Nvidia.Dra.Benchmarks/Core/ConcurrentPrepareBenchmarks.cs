using System.Diagnostics;
using System.Runtime.Versioning;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core;
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
    private static readonly TimeSpan PollInterval = new VfioHostOptions().PollInterval;
    private static readonly string[] Gpus = ["0000:18:00.0", "0000:2a:00.0", "0000:3a:00.0", "0000:5d:00.0", "0000:9a:00.0", "0000:ab:00.0", "0000:ba:00.0", "0000:db:00.0"];
    private SimulatedNode? _node;
    private ServiceProvider? _provider;
    private IDraNodeService? _service;
    private SimulatedHolder? _holder;
    private Stopwatch? _heldSince;
    private Task<IReadOnlyList<ClaimPrepareResult>>? _heldClaim;
    private TaskCompletionSource? _switchStarted;
    private int _exits;

    [GlobalSetup]
    public void Setup()
    {
        _node = SimulatedNode.Create(SimulatedTopologies.Hgx8Gpu());
        _node.Host.Kernel.Latency = new SimulatedLatency(Milliseconds("NVDRA_BENCH_UNBIND_MS", 300), Milliseconds("NVDRA_BENCH_BIND_MS", 100), Milliseconds("NVDRA_BENCH_OTHER_MS", 1));
        _node.Host.Kernel.WriteStarted = _ => _switchStarted?.TrySetResult();

        // The production holder poll (the simulated host polls every 10 ms to keep tests fast): (c) measures it.
        _provider = BenchNode.Start(
            _node,
            options => options.HolderWaitTimeout = TimeSpan.FromSeconds(15),
            services => services.Configure<VfioHostOptions>(o => o.PollInterval = PollInterval));
        _service = _provider.GetRequiredService<IDraNodeService>();
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
    public async Task OneClaim() => BenchNode.Check(await PrepareAsync(0));

    [Benchmark(Description = "(a) 8 claims on 8 GPUs at once")]
    public async Task EightClaims() => BenchNode.Check((await Task.WhenAll(Enumerable.Range(0, Gpus.Length).Select(PrepareAsync))).SelectMany(r => r));

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
        BenchNode.Check((await Task.WhenAll(Enumerable.Range(1, Gpus.Length - 1).Select(PrepareAsync))).SelectMany(r => r));
    }

    [IterationSetup(Target = nameof(HolderExitToSwitch))]
    public void WaitingForHolder()
    {
        HoldOne();
        _switchStarted = null;
        _heldClaim = PrepareAsync(0);

        // Let the prepare reach its holder wait (a few polls), then arm the first-write signal. The extra fraction of
        // a poll (golden-ratio steps, spread evenly over [0, 1)) puts the exit at a different point of the poll cycle
        // each iteration: a fixed sleep lands it at the same phase every time, one point of the range, not the range.
        Thread.Sleep(TimeSpan.FromMilliseconds(500) + (PollInterval * (++_exits * 0.6180339887 % 1.0)));
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

    private Task<IReadOnlyList<ClaimPrepareResult>> PrepareAsync(int i) =>
        _service!.PrepareResourceClaimsAsync([BenchNode.VfioClaim(Uid(i), Name(i), Gpus[i])]);

    private sealed class InProcessMonitoring() : InProcessConfig(Monitoring(warmups: 1, iterations: 6));
}
