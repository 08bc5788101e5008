using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Core.Preparation;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Tests.Support;

/// <summary>
/// A simulated node and a Core instance composed through <c>AddNvidiaDra</c> on it. The CDI and plugin data
/// directories live inside the node's temporary tree. <see cref="Restart"/> builds a fresh instance over the same
/// tree and directories, as a restarted plugin process would see them.
/// </summary>
internal sealed class NodeHarness : IDisposable
{
    private readonly string? stateRoot;
    private ServiceProvider provider;

    public NodeHarness(SimulatedTopology topology, string gates = "PassthroughSupport=true,DeviceMetadata=true", Action<NvidiaDraOptions>? configure = null, bool reopen = false, string? root = null, bool memoryBacked = false, Action<INvidiaDraBuilder>? extend = null)
    {
        Node = reopen ? SimulatedNode.Open(root!, topology) : SimulatedNode.Create(topology);
        if (memoryBacked)
        {
            // tmpfs, as /var/run/cdi is on a node: tests that run thousands of cycles measure locking and state, not disk flushes.
            stateRoot = Path.Join(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "nvdra-state-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(stateRoot);
        }

        Gates = gates;
        Configure = configure;
        Extend = extend;
        try
        {
            provider = Build(Hook);
        }
        catch
        {
            // Invalid options in a test must not leak the simulated tree.
            Node.Dispose();
            if (stateRoot is not null)
            {
                Directory.Delete(stateRoot, recursive: true);
            }

            throw;
        }

        Service = provider.GetRequiredService<IDraNodeService>();
    }

    public SimulatedNode Node { get; }

    public SimulatedHost Host => Node.Host;

    public FaultHook Hook { get; private set; } = new();

    public IDraNodeService Service { get; private set; }

    public IServiceProvider Services => provider;

    public string CdiRoot => Path.Join(stateRoot ?? Host.Root, "var/run/cdi");

    public string PluginDataDirectory => Path.Join(stateRoot ?? Host.Root, "var/lib/kubelet/plugins/gpu.nvidia.com");

    public string CheckpointPath => Path.Join(PluginDataDirectory, "checkpoint.json");

    private string Gates { get; }

    private Action<NvidiaDraOptions>? Configure { get; }

    private Action<INvidiaDraBuilder>? Extend { get; }

    /// <summary>Drops the instance (as a killed process would) and builds a fresh one over the same node.</summary>
    public void Restart()
    {
        provider.Dispose();
        Hook = new FaultHook();
        provider = Build(Hook);
        Service = provider.GetRequiredService<IDraNodeService>();
    }

    public string[] CdiFiles() => Directory.Exists(CdiRoot) ? [.. Directory.GetFiles(CdiRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal)!] : [];

    public string[] MetadataFiles()
    {
        var root = Path.Join(PluginDataDirectory, "dra-device-metadata");
        return Directory.Exists(root) ? [.. Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)] : [];
    }

    public string? DriverOf(string pciAddress) => Host.DriverOf(PciAddress.Parse(pciAddress));

    public void Dispose()
    {
        provider.Dispose();
        Node.Dispose();
        if (stateRoot is not null)
        {
            Directory.Delete(stateRoot, recursive: true);
        }
    }

    private ServiceProvider Build(FaultHook hook)
    {
        var services = new ServiceCollection();
        services.AddSingleton<INvml>(Node.Nvml);
        services.AddSingleton<IClaimStepHook>(hook);
        var builder = services.AddNvidiaDra(options =>
        {
            options.NodeName = ClaimFactory.Pool;
            options.FeatureGatesFlag = Gates;
            options.CdiRoot = CdiRoot;
            options.PluginDataDirectory = PluginDataDirectory;
            options.HostRoot = Host.Root;
            options.ContainerDriverRoot = Host.DriverRoot;
            options.HolderWaitTimeout = TimeSpan.FromMilliseconds(300);
            options.PrepareTimeout = TimeSpan.FromSeconds(30);
            Configure?.Invoke(options);
        });
        Extend?.Invoke(builder);
        services.AddSimulatedVfioHost(Host);
        var built = services.BuildServiceProvider();
        _ = built.GetRequiredService<IOptions<NvidiaDraOptions>>().Value;
        return built;
    }
}
