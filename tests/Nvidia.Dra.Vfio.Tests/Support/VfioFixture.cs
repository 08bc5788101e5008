using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Vfio.Tests;

/// <summary>A simulated host plus every service of the package wired to it, built without DI.</summary>
internal sealed class VfioFixture : IDisposable
{
    public VfioFixture(SimulatedTopology topology, Action<VfioHostOptions>? tweak = null)
    {
        Host = SimulatedHost.Create(topology);
        var options = Host.CreateOptions();
        tweak?.Invoke(options);
        Options = Microsoft.Extensions.Options.Options.Create(options);
        Logs = new FakeLogCollector();
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(Logs)));
        Discovery = new PciDiscovery(Options, Host.FileSystem, LoggerFactory.CreateLogger<PciDiscovery>());
        Iommu = new IommuInspector(Options, Host.FileSystem);
        Resolver = new VfioDriverResolver(Options, Host.FileSystem, Host.ModuleLoader, LoggerFactory.CreateLogger<VfioDriverResolver>());
        Planner = new PassthroughPlanner(Discovery, Iommu, Resolver);
        Holders = new DeviceHolderScanner(Options, Host.FileSystem, null, LoggerFactory.CreateLogger<DeviceHolderScanner>());
        Switch = NewSwitch();
    }

    public SimulatedHost Host { get; }

    public IOptions<VfioHostOptions> Options { get; }

    public FakeLogCollector Logs { get; }

    /// <summary>Loggers writing to <see cref="Logs"/>.</summary>
    public ILoggerFactory LoggerFactory { get; }

    public PciDiscovery Discovery { get; }

    public IommuInspector Iommu { get; }

    public VfioDriverResolver Resolver { get; }

    public PassthroughPlanner Planner { get; }

    public DeviceHolderScanner Holders { get; }

    public DriverSwitch Switch { get; }

    /// <summary>A fresh switch, as a new process after a crash would build it.</summary>
    public DriverSwitch NewSwitch() =>
        new(Options, Resolver, Holders, Host.FileSystem, TimeProvider.System, LoggerFactory);

    /// <summary>Every function's binding now.</summary>
    public IReadOnlyList<FunctionBinding> Bindings() =>
        [.. Host.Topology.Functions.Select(f => Discovery.ReadBinding(f.Address))];

    /// <summary>Every function's binding as the topology started.</summary>
    public IReadOnlyList<FunctionBinding> InitialBindings() =>
        [.. Host.Topology.Functions.Select(f => new FunctionBinding(f.Address, f.Driver, f.DriverOverride))];

    public void Dispose()
    {
        Host.Dispose();
        LoggerFactory.Dispose();
    }
}
