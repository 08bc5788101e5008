using System.Runtime.Versioning;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Benchmarks.Core;

/// <summary>
/// One prepare+unprepare cycle of a vfio claim through <see cref="IDraNodeService"/> on a simulated one-GPU node,
/// side by side with the file operations such a cycle cannot avoid, done directly with the plainest code (the
/// baseline, <see cref="Complete"/>): the sysfs writes of both driver switches (through the same simulated kernel),
/// the reads the safety checks need around each switch, four synced checkpoint writes and one synced CDI spec write
/// of the real sizes, each rename followed by a directory sync. The older, smaller baseline (the writes alone,
/// <see cref="Bare"/>) runs as a second row so both ratios come out of one run.
/// Run: <c>dotnet run -c Release --project bench/Nvidia.Dra.Benchmarks -- --filter '*PrepareCycle*'</c>.
/// </summary>
[SupportedOSPlatform("linux")]
[Config(typeof(InProcessThroughput))]
[MemoryDiagnoser]
public class PrepareCycleBenchmarks
{
    private const string Uid = "b3c4d5e6-f708-4912-8a3b-4c5d6e7f8091";
    private static readonly PciAddress Gpu = PciAddress.Parse("0000:1b:00.0");
    private SimulatedNode? _node;
    private ServiceProvider? _provider;
    private IDraNodeService? _service;
    private ResourceClaim? _claim;
    private string _bareDirectory = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _node = SimulatedNode.Create(SimulatedTopologies.SxmH200());
        _provider = BenchNode.Start(_node);
        _service = _provider.GetRequiredService<IDraNodeService>();
        _claim = BenchNode.VfioClaim(Uid, "vm1", Gpu.ToString());
        _bareDirectory = Path.Join(_node.Host.Root, "bare");
        Directory.CreateDirectory(_bareDirectory);
        Cycle().GetAwaiter().GetResult();
        Bare();
        Complete();
        if (_node.Host.DriverOf(Gpu) != "nvidia")
        {
            throw new InvalidOperationException("Setup check: the GPU must be back on nvidia after a cycle.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider?.Dispose();
        _node?.Dispose();
    }

    [Benchmark(Description = "prepare+unprepare through IDraNodeService")]
    public async Task Cycle()
    {
        BenchNode.Check(await _service!.PrepareResourceClaimsAsync([_claim!]));
        BenchNode.Check(await _service.UnprepareResourceClaimsAsync([new ClaimReference("vms", "vm1", Uid)]));
    }

    [Benchmark(Baseline = true, Description = "file operations a correct cycle cannot avoid")]
    public void Complete() => UnavoidableOperations.Run(_node!.Host, Gpu, _bareDirectory);

    [Benchmark(Description = "bare writes only (sysfs writes + synced CDI and checkpoint writes)")]
    public void Bare()
    {
        var file = _node!.Host.FileSystem.File;
        var sys = _node.Host.SysfsRoot;
        var device = Path.Join(sys, "bus/pci/devices", Gpu.ToString());
        var unbindLock = Path.Join(_node.Host.ProcRoot, "driver/nvidia/gpus", Gpu.ToString(), "unbindLock");

        // Prepare: unbindLock, unbind from nvidia, override, bind to vfio-pci.
        file.WriteAllText(unbindLock, "1");
        file.WriteAllText(Path.Join(sys, "bus/pci/drivers/nvidia/unbind"), Gpu.ToString());
        file.WriteAllText(Path.Join(device, "driver_override"), "vfio-pci");
        file.WriteAllText(Path.Join(sys, "bus/pci/drivers/vfio-pci/bind"), Gpu.ToString());
        SyncedWrite("checkpoint.json", "{\"claims\":{\"started\":true}}");
        SyncedWrite("claim.yaml", "cdiVersion: 0.5.0\nkind: k8s.gpu.nvidia.com/claim\n");
        SyncedWrite("checkpoint.json", "{\"claims\":{\"completed\":true}}");

        // Unprepare: clear override, unbind from vfio-pci, override, bind to nvidia, clear override.
        file.WriteAllText(Path.Join(device, "driver_override"), "\n");
        file.WriteAllText(Path.Join(sys, "bus/pci/drivers/vfio-pci/unbind"), Gpu.ToString());
        file.WriteAllText(Path.Join(device, "driver_override"), "nvidia");
        file.WriteAllText(Path.Join(sys, "bus/pci/drivers/nvidia/bind"), Gpu.ToString());
        file.WriteAllText(Path.Join(device, "driver_override"), "\n");
        File.Delete(Path.Join(_bareDirectory, "claim.yaml"));
        SyncedWrite("checkpoint.json", "{\"claims\":{}}");
    }

    private void SyncedWrite(string name, string content)
    {
        var target = Path.Join(_bareDirectory, name);
        var temporary = target + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, target, overwrite: true);
    }

    private sealed class InProcessThroughput() : InProcessConfig(Throughput(warmups: 5, iterations: 15));
}
