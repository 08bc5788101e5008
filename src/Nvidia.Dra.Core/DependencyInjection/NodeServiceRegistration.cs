using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Cdi;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Checkpointing;
using Nvidia.Dra.Core.Claims;
using Nvidia.Dra.Core.ContainerClaims;
using Nvidia.Dra.Core.FeatureGates;
using Nvidia.Dra.Core.Inventory;
using Nvidia.Dra.Core.Locking;
using Nvidia.Dra.Core.Plugin;
using Nvidia.Dra.Core.Preparation;
using Nvidia.Dra.Core.Recovery;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core;

/// <summary>
/// Composes the leaf packages through their own registrations and adds the node engine (prepare/unprepare,
/// checkpoint, recovery, publication) and the <see cref="IDraNodeService"/> facade. Every default is a
/// <c>TryAdd</c>; the leaf options are mapped from <see cref="NvidiaDraOptions"/> with <c>Configure</c>
/// callbacks registered first, so a host's own later configuration of a leaf package wins.
/// </summary>
internal static class NodeServiceRegistration
{
    public static void AddNodeServices(IServiceCollection services)
    {
        services.AddNvidiaDraCdi();
        services.AddNvidiaDraVfio();
        services.AddNvidiaDraNvml();
        services.AddOptions<CdiOptions>().Configure<IOptions<NvidiaDraOptions>>((cdi, core) =>
        {
            cdi.WriteDirectory = core.Value.CdiRoot;
            cdi.SpecDirectories = [.. new[] { CdiOptions.StaticSpecDirectory, core.Value.CdiRoot }.Distinct(StringComparer.Ordinal)];
        });
        services.AddOptions<VfioHostOptions>().Configure<IOptions<NvidiaDraOptions>>((vfio, core) =>
        {
            vfio.HostRoot = core.Value.HostRoot;
            vfio.DriverRoot = core.Value.ContainerDriverRoot;
            vfio.SysfsWriteTimeout = core.Value.DriverSwitchTimeout;
        });
        services.AddOptions<NvmlOptions>().Configure<IOptions<NvidiaDraOptions>>((nvml, core) => nvml.DriverRoot = core.Value.ContainerDriverRoot);

        services.TryAddSingleton<IClaimStepHook>(NoClaimStepHook.Instance);
        services.TryAddSingleton(sp => new CheckpointStore(Core(sp).PluginDataDirectory));
        services.TryAddSingleton<UnrecordedGpuRegistry>();
        services.TryAddSingleton(sp => new UnrecordedGpuReleaser(
            sp.GetRequiredService<IDriverSwitch>(), sp.GetRequiredService<IPciDiscovery>(), sp.GetRequiredService<ICdiSpecWriter>(), sp.GetRequiredService<UnrecordedGpuRegistry>()));
        services.TryAddSingleton(sp => new NodeLock(Core(sp).PluginDataDirectory, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new GpuLocks(Core(sp).PluginDataDirectory, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new CheckpointCommits(Core(sp), sp.GetRequiredService<NodeLock>(), sp.GetRequiredService<CheckpointStore>(), sp.GetRequiredService<PoolPublisher>()));
        services.TryAddSingleton(sp => new GpuInventory(sp.GetRequiredService<IPciDiscovery>(), sp.GetRequiredService<INvml>(), sp.GetRequiredService<UnrecordedGpuRegistry>(), Logger<GpuInventory>(sp)));
        services.TryAddSingleton(sp => new PoolPublisher(
            Core(sp), sp.GetRequiredService<FeatureGateSet>(), sp.GetRequiredService<GpuInventory>(), sp.GetRequiredService<IIommuInspector>(),
            sp.GetRequiredService<ResourceSliceBuilder>(), sp.GetService<IContainerClaimPreparer>(), sp.GetServices<IPoolPublicationListener>(),
            Logger<PoolPublisher>(sp)));
        services.TryAddSingleton(sp => new ClaimPlanner(
            Core(sp), sp.GetRequiredService<FeatureGateSet>(), sp.GetRequiredService<ClaimConfigResolver>(), sp.GetRequiredService<IPassthroughPlanner>(),
            sp.GetRequiredService<IIommuInspector>(), sp.GetRequiredService<INvml>(), sp.GetRequiredService<UnrecordedGpuRegistry>()));
        services.TryAddSingleton(sp => new ClaimReleaser(
            sp.GetRequiredService<IDriverSwitch>(), sp.GetRequiredService<INvml>(), sp.GetRequiredService<ICdiSpecWriter>(),
            sp.GetRequiredService<IClaimStepHook>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ClaimPreparer(
            Core(sp), sp.GetRequiredService<ClaimPlanner>(), sp.GetRequiredService<ClaimReleaser>(), sp.GetRequiredService<IDriverSwitch>(),
            sp.GetRequiredService<IDeviceHolderScanner>(), sp.GetRequiredService<IPciDiscovery>(), sp.GetRequiredService<INvml>(),
            sp.GetRequiredService<ICdiSpecWriter>(), sp.GetRequiredService<CheckpointCommits>(), sp.GetRequiredService<GpuLocks>(),
            sp.GetRequiredService<PoolPublisher>(), sp.GetRequiredService<IClaimStepHook>(), sp.GetRequiredService<TimeProvider>(), Logger<ClaimPreparer>(sp)));
        services.TryAddSingleton(sp => new ClaimUnpreparer(
            Core(sp), sp.GetRequiredService<ClaimReleaser>(), sp.GetRequiredService<CheckpointCommits>(), sp.GetRequiredService<GpuLocks>(),
            sp.GetRequiredService<IClaimStepHook>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<UnrecordedGpuRegistry>(), sp.GetRequiredService<UnrecordedGpuReleaser>(), Logger<ClaimUnpreparer>(sp)));
        services.TryAddSingleton(sp => new CheckpointRecovery(
            Core(sp), sp.GetRequiredService<ClaimReleaser>(), sp.GetRequiredService<UnrecordedGpuReleaser>(), sp.GetRequiredService<UnrecordedGpuRegistry>(), sp.GetRequiredService<IDriverSwitch>(), sp.GetRequiredService<ICdiSpecWriter>(),
            sp.GetRequiredService<CheckpointCommits>(), sp.GetRequiredService<GpuLocks>(), sp.GetRequiredService<IClaimStepHook>(), Logger<CheckpointRecovery>(sp)));
        services.TryAddSingleton<IDraNodeService>(sp => new DraNodeService(
            sp.GetRequiredService<IOptions<NvidiaDraOptions>>(), sp.GetRequiredService<IOptions<VfioHostOptions>>(), sp.GetRequiredService<FeatureGateSet>(),
            sp.GetRequiredService<IIommuInspector>(), sp.GetRequiredService<IPciDiscovery>(), sp.GetRequiredService<INvml>(),
            sp.GetRequiredService<CheckpointStore>(), sp.GetRequiredService<PoolPublisher>(), sp.GetRequiredService<ClaimPreparer>(),
            sp.GetRequiredService<ClaimUnpreparer>(), sp.GetRequiredService<CheckpointRecovery>(),
            new ContainerClaimRouter(Core(sp).DriverName, sp.GetRequiredService<ClaimConfigResolver>(), sp.GetService<IContainerClaimPreparer>())));
    }

    private static NvidiaDraOptions Core(IServiceProvider services) => services.GetRequiredService<IOptions<NvidiaDraOptions>>().Value;

    private static ILogger Logger<T>(IServiceProvider services) =>
        (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger.Instance;
}
