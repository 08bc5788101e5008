using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core.Doctor;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Testing.Nvml;

namespace Nvidia.Dra.Core.Tests.Doctor;

/// <summary>
/// A simulated node (or the h200-vm capture) wired to the doctor through DI exactly as <c>nvdra doctor --simulate</c>
/// does, with helpers that put processes, sockets and driver files into the simulated tree (never outside it).
/// </summary>
internal sealed class DoctorHarness : IDisposable
{
    private readonly SimulatedNode? _node;
    private readonly NvmlClient? _client;
    private int _nextPid = 50000;

    private DoctorHarness(SimulatedHost host, INvml nvml, SimulatedNode? node, NvmlClient? client)
    {
        Host = host;
        Nvml = nvml;
        _node = node;
        _client = client;
    }

    public SimulatedHost Host { get; }

    public INvml Nvml { get; set; }

    public static DoctorHarness For(SimulatedTopology topology, bool withDriver = true)
    {
        var node = SimulatedNode.Create(topology);
        var harness = new DoctorHarness(node.Host, node.Nvml, node, null);
        if (withDriver)
        {
            harness.AddDriverFile("/", "usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1");
        }

        return harness;
    }

    /// <summary>The h200-vm capture with NVML as captured: one H200, libnvidia-ml.so.1 in /lib (host facts).</summary>
    public static DoctorHarness ForH200Capture()
    {
        var host = SimulatedHost.FromCapture(NodeCaptures.H200Vm);
        var fake = new FakeNvml([new FakeGpu { Uuid = "GPU-122ef966-d249-165e-83be-8b5eb3f4e8b9", PciBusId = "0000:00:06.0", MinorNumber = 0 }]);
        var client = fake.CreateClient();
        var harness = new DoctorHarness(host, client, null, client);
        harness.AddDriverFile("/", "lib/libnvidia-ml.so.1");
        return harness;
    }

    /// <summary>Creates an empty file under a driver root of the simulated host (e.g. <c>/run/nvidia/driver</c>).</summary>
    public void AddDriverFile(string driverRoot, string relativePath) =>
        Touch(Path.Join(Host.Root, driverRoot.TrimStart('/'), relativePath));

    /// <summary>Adds a process that holds nothing.</summary>
    public int AddProcess(string command, string? commandLine = null, string cgroup = "0::/system.slice/other.service", string? environment = null)
    {
        var pid = Interlocked.Increment(ref _nextPid);
        var directory = Path.Join(Host.ProcRoot, pid.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Join(directory, "fd"));
        File.WriteAllText(Path.Join(directory, "comm"), command + "\n");
        File.WriteAllText(Path.Join(directory, "cmdline"), commandLine is null ? string.Empty : commandLine.Replace(' ', '\0') + "\0");
        File.WriteAllText(Path.Join(directory, "cgroup"), cgroup + "\n");
        if (environment is not null)
        {
            File.WriteAllText(Path.Join(directory, "environ"), environment.Replace(' ', '\0') + "\0");
        }

        return pid;
    }

    /// <summary>Adds a holder of GPU minor <paramref name="minor"/>'s node.</summary>
    public SimulatedHolder Hold(int minor, string command, string cgroup = "0::/system.slice/other.service", string? containerPath = null) =>
        Host.AddHolder(Host.GpuNode(minor), command, cgroup, containerPath);

    public void AddDevicePluginSocket(string name = "nvidia-gpu.sock") =>
        Touch(Path.Join(Host.Root, "var/lib/kubelet/device-plugins", name));

    public ServiceProvider Services(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(Nvml);
        services.AddSimulatedVfioHost(Host);
        services.AddNvidiaDraDoctor();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public async Task<DoctorReport> RunAsync(Action<IServiceCollection>? configure = null)
    {
        await using var provider = Services(configure);
        return await provider.GetRequiredService<NodeDoctor>().RunAsync();
    }

    public async Task<DoctorFinding> RunAsync(string check, string subject = DoctorFinding.NodeSubject)
    {
        var report = await RunAsync();
        return report.Findings.Single(f => f.Check == check && f.Subject == subject);
    }

    public void Dispose()
    {
        _client?.Dispose();
        if (_node is not null)
        {
            _node.Dispose();
        }
        else
        {
            Host.Dispose();
        }
    }

    private static void Touch(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Empty);
    }
}
