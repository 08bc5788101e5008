using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Testing.Nvml;

namespace Nvidia.Dra.Cli.CommandLine;

/// <summary>
/// The node behind <c>--simulate &lt;topology&gt;</c>, the same for every command: one of the simulated topologies
/// with NVML following its kernel, or <c>h200-vm</c>, the node capture with the NVML it was captured with (one H200
/// on nvidia). A throw-away tree in a temporary directory, deleted on dispose; NVML's library is a placeholder file so
/// that the driver root is found where a driver install puts it.
/// </summary>
internal sealed class Simulation : IDisposable
{
    public const string H200Vm = "h200-vm";

    private readonly SimulatedNode? _node;
    private readonly NvmlClient? _client;

    private Simulation(string name, SimulatedHost host, INvml nvml, SimulatedNode? node, NvmlClient? client)
    {
        Name = name;
        Host = host;
        Nvml = nvml;
        _node = node;
        _client = client;
    }

    /// <summary>Every name <c>--simulate</c> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. SimulatedTopologies.All.Select(t => t.Name), H200Vm];

    public string Name { get; }

    public SimulatedHost Host { get; }

    public INvml Nvml { get; }

    /// <summary>Creates the named node, or returns <see langword="null"/> when no name is given.</summary>
    /// <exception cref="CliException">The name is not one of <see cref="Names"/>.</exception>
    public static Simulation? Create(string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (name == H200Vm)
        {
            var host = SimulatedHost.FromCapture(NodeCaptures.H200Vm);
            PlaceLibrary(Path.Join(host.Root, "lib/libnvidia-ml.so.1"));
            var fake = new FakeNvml([new FakeGpu { Uuid = "GPU-122ef966-d249-165e-83be-8b5eb3f4e8b9", PciBusId = "0000:00:06.0", MinorNumber = 0 }]);
            var client = fake.CreateClient();
            return new Simulation(name, host, client, null, client);
        }

        var topology = SimulatedTopologies.All.FirstOrDefault(t => t.Name == name)
                       ?? throw new CliException($"{CommonOptions.SimulateName} {CliText.Printable(name)} is not a simulated node: use one of {string.Join(", ", Names)}.");
        var node = SimulatedNode.Create(topology);
        PlaceLibrary(Path.Join(node.Host.DriverRoot, "usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1"));
        return new Simulation(name, node.Host, node.Nvml, node, null);
    }

    /// <summary>Replaces the temporary directory in text with <c>&lt;sim-root&gt;</c>, so output is the same on every run.</summary>
    public string Redact(string text) => text.Replace(Host.Root, "<sim-root>", StringComparison.Ordinal);

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

    private static void PlaceLibrary(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Empty);
    }
}
