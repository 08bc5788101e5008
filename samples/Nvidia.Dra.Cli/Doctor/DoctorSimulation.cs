using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Testing.Nvml;

namespace Nvidia.Dra.Cli.Doctor;

/// <summary>
/// A simulated node for <c>nvdra doctor --simulate</c>: one of the simulated topologies with NVML following its
/// kernel, or the h200-vm capture with the NVML it was captured with (one H200 on nvidia; libnvidia-ml.so.1 in
/// /lib, as the capture's host facts list it).
/// </summary>
internal sealed class DoctorSimulation : IDisposable
{
    private readonly SimulatedNode? _node;
    private readonly NvmlClient? _client;

    private DoctorSimulation(SimulatedHost host, INvml nvml, SimulatedNode? node, NvmlClient? client)
    {
        Host = host;
        Nvml = nvml;
        _node = node;
        _client = client;
    }

    public SimulatedHost Host { get; }

    public INvml Nvml { get; }

    public static DoctorSimulation Create(string name)
    {
        if (name == "h200-vm")
        {
            var host = SimulatedHost.FromCapture(NodeCaptures.H200Vm);
            var library = Path.Join(host.Root, "lib/libnvidia-ml.so.1");
            Directory.CreateDirectory(Path.GetDirectoryName(library)!);
            File.WriteAllText(library, string.Empty);
            var fake = new FakeNvml([new FakeGpu { Uuid = "GPU-122ef966-d249-165e-83be-8b5eb3f4e8b9", PciBusId = "0000:00:06.0", MinorNumber = 0 }]);
            var client = fake.CreateClient();
            return new DoctorSimulation(host, client, null, client);
        }

        var topology = SimulatedTopologies.All.FirstOrDefault(t => t.Name == name)
                       ?? throw new ArgumentException($"Unknown topology '{name}'; use one of: {string.Join(", ", SimulatedTopologies.All.Select(t => t.Name))}, h200-vm.");
        var node = SimulatedNode.Create(topology);
        var driverLibrary = Path.Join(node.Host.DriverRoot, "usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1");
        Directory.CreateDirectory(Path.GetDirectoryName(driverLibrary)!);
        File.WriteAllText(driverLibrary, string.Empty);
        return new DoctorSimulation(node.Host, node.Nvml, node, null);
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
}
