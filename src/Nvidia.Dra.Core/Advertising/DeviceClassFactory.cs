using System.Text.Json;
using Nvidia.Dra.Core.Configs;
using Nvidia.Dra.Core.Configs.Wire;
using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Core.Advertising;

/// <summary>
/// The three DeviceClasses of the NVIDIA driver (<c>gpu.nvidia.com</c>, <c>mig.nvidia.com</c>,
/// <c>vfio.gpu.nvidia.com</c>), selecting on the driver and the <c>type</c> attribute as the reference Helm chart
/// does. Unlike upstream, the vfio class carries a class-level <c>VfioDeviceConfig</c> with
/// <c>enableAPIDevice: true</c>, so a KubeVirt claim that names only the class still gets <c>/dev/vfio/vfio</c>;
/// a claim config still overrides it (claim configs beat class configs) (W14).
/// </summary>
public static class DeviceClassFactory
{
    /// <summary>The class for whole GPUs.</summary>
    public const string GpuClassName = "gpu.nvidia.com";

    /// <summary>The class for MIG devices.</summary>
    public const string MigClassName = "mig.nvidia.com";

    /// <summary>The class for GPUs passed through with VFIO.</summary>
    public const string VfioClassName = "vfio.gpu.nvidia.com";

    /// <summary>Creates the three DeviceClasses.</summary>
    /// <param name="driverName">The driver name the selectors match.</param>
    /// <returns>The gpu, mig and vfio classes, in that order.</returns>
    public static IReadOnlyList<DeviceClass> Create(string driverName = "gpu.nvidia.com") => Create(driverName, containerClaims: true);

    /// <summary>
    /// Creates the three DeviceClasses for a node that does or does not serve container claims. Without them the
    /// <c>gpu.nvidia.com</c> class carries no <c>extendedResourceName</c>: from Kubernetes 1.36 an ordinary pod asking
    /// for <c>nvidia.com/gpu</c> would otherwise be allocated a device through DRA that no node prepares.
    /// </summary>
    /// <param name="driverName">The driver name the selectors match.</param>
    /// <param name="containerClaims">Whether a container-claim preparer is registered.</param>
    /// <returns>The gpu, mig and vfio classes, in that order.</returns>
    public static IReadOnlyList<DeviceClass> Create(string driverName, bool containerClaims)
    {
        ArgumentException.ThrowIfNullOrEmpty(driverName);
        return
        [
            Class(GpuClassName, driverName, "gpu", extendedResourceName: containerClaims ? "nvidia.com/gpu" : null, config: null),
            Class(MigClassName, driverName, "mig", extendedResourceName: null, config: null),
            Class(VfioClassName, driverName, "vfio", extendedResourceName: null, config: [new DeviceClassConfiguration(new OpaqueDeviceConfiguration(driverName, KubeVirtVfioParameters()))]),
        ];
    }

    /// <summary>Serialises DeviceClasses as one <c>v1 List</c> manifest that <c>kubectl apply -f</c> accepts.</summary>
    /// <param name="classes">The classes.</param>
    /// <returns>Indented JSON ending in a newline.</returns>
    public static string ToManifest(IReadOnlyList<DeviceClass> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        return ManifestWriter.WriteList(classes, KubernetesJsonContext.Default.DeviceClass);
    }

    private static DeviceClass Class(string name, string driver, string type, string? extendedResourceName, IReadOnlyList<DeviceClassConfiguration>? config) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new DeviceClassSpec
        {
            Selectors = [new DeviceSelector(new CelDeviceSelector($"device.driver == '{driver}' && device.attributes['{driver}'].type == '{type}'"))],
            Config = config,
            ExtendedResourceName = extendedResourceName,
        },
    };

    private static JsonElement KubeVirtVfioParameters()
    {
        var wire = new VfioDeviceConfigWire
        {
            ApiVersion = DeviceConfiguration.ApiVersion,
            Kind = VfioDeviceConfig.KindName,
            Iommu = new IommuConfigWire { BackendPolicy = nameof(IommuBackendPolicy.LegacyOnly), EnableApiDevice = true },
        };
        return JsonSerializer.SerializeToElement(wire, OpaqueConfigJsonContext.Default.VfioDeviceConfigWire);
    }
}
