using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Core.Naming;

namespace Nvidia.Dra.Core.Advertising;

/// <summary>
/// Builds the node's ResourceSlice pool from discovery. Per physical GPU: a <c>vfio</c> view with
/// PassthroughSupport and, only when the node serves container claims, a <c>gpu</c> view while it is on
/// <c>nvidia</c>; with both views, either both consume the GPU's single shared counter so the scheduler can never
/// allocate both, or (<see cref="SliceExclusion.NodeSide"/>) a prepared GPU's sibling view is withdrawn (W1). GPUs found on vfio-pci or another driver are left out unless this
/// driver prepared them or the host opted in to adopting them (W10). Slices are split to respect every API limit,
/// and the pool generation is bumped exactly when the content changes. Pure: no I/O.
/// </summary>
public sealed class ResourceSliceBuilder
{
    private readonly ILogger logger;

    /// <summary>Initialises the builder.</summary>
    /// <param name="logger">Receives the notes of each build and generation bumps; optional.</param>
    public ResourceSliceBuilder(ILogger<ResourceSliceBuilder>? logger = null)
    {
        this.logger = logger ?? NullLogger<ResourceSliceBuilder>.Instance;
    }

    /// <summary>Builds the pool.</summary>
    /// <param name="input">The node and its GPUs.</param>
    /// <param name="previous">What was last published, or <see langword="null"/> at first publication.</param>
    /// <returns>The slices, the devices behind them, and notes for the log.</returns>
    /// <exception cref="ResourceSliceException">An input is malformed (node name, driver name, PCI address, a
    /// duplicate GPU) or a built slice would break an API limit.</exception>
    public PoolPublication Build(AdvertisingInput input, PublishedPoolState? previous = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!KubernetesNames.IsDnsSubdomain(input.NodeName))
        {
            throw new ResourceSliceException($"node name '{input.NodeName}' is not a DNS subdomain, so it cannot name the pool: set the Kubernetes node name");
        }

        if (!KubernetesNames.IsDnsSubdomain(input.DriverName, KubernetesNames.DriverNameMaxLength))
        {
            throw new ResourceSliceException($"driver name '{input.DriverName}' is not a DNS subdomain of at most 63 characters");
        }

        var passthrough = input.Gates.PassthroughSupport && input.PassthroughAvailable;

        // Counters exist only to keep two views of one GPU apart; one view per GPU needs none, which also keeps a
        // passthrough-only pool valid on every supported Kubernetes (1.34's same-slice rule, dropped fields).
        var counters = passthrough && input.ContainerClaims && input.Exclusion == SliceExclusion.SharedCounters;
        var notes = new List<AdvertisingNote>();
        var devices = new List<AdvertisedDevice>();
        var counterSets = new List<CounterSet>();
        foreach (var (pci, gpu) in NormalizeAndSort(input.Gpus))
        {
            var (gpuView, vfioView) = ChooseViews(gpu, pci, input, passthrough, notes);
            if (gpuView)
            {
                devices.Add(new(DeviceNames.Gpu(pci), DeviceKind.Gpu, pci, DeviceViewFactory.CreateGpuView(gpu, pci, gpu.Nvml!, counters, notes)));
            }

            if (vfioView)
            {
                devices.Add(new(DeviceNames.Vfio(pci), DeviceKind.Vfio, pci, DeviceViewFactory.CreateVfioView(gpu, pci, input.IommuFdAvailable, counters, notes)));
            }

            if (counters && (gpuView || vfioView))
            {
                counterSets.Add(DeviceViewFactory.CreateCounterSet(pci));
            }
        }

        var specs = Layout(input, counterSets, devices.Select(d => d.Device).ToList(), counters);
        var fingerprint = Fingerprint(specs);
        var generation = NextGeneration(previous, fingerprint);
        var slices = specs.Select((spec, index) => new ResourceSlice
        {
            Metadata = new ObjectMeta { Name = SliceName(input.NodeName, input.DriverName, index) },
            Spec = spec with { Pool = spec.Pool with { Generation = generation } },
        }).ToList();

        ResourceSliceValidator.Validate(slices);
        foreach (var note in notes)
        {
            logger.AdvertisingNote(note.PciAddress, note.Message);
        }

        var publication = new PoolPublication(input.NodeName, generation, fingerprint, slices, devices, notes)
        {
            Exclusion = passthrough && input.ContainerClaims ? input.Exclusion : null,
        };
        LogBump(publication, previous);
        return publication;
    }

    /// <summary>
    /// The publication <see cref="Build"/> returns for the input <paramref name="built"/> was built from, after
    /// <paramref name="previous"/> instead: the same slices, with the generation that follows
    /// <paramref name="previous"/>. Its notes were logged when it was built.
    /// </summary>
    /// <param name="built">A publication this builder built.</param>
    /// <param name="previous">What was last published.</param>
    /// <returns>The publication.</returns>
    internal PoolPublication Restamp(PoolPublication built, PublishedPoolState? previous)
    {
        var generation = NextGeneration(previous, built.Fingerprint);
        if (generation == built.Generation)
        {
            return built;
        }

        var publication = built with
        {
            Generation = generation,
            Slices = [.. built.Slices.Select(slice => slice with { Spec = slice.Spec with { Pool = slice.Spec.Pool with { Generation = generation } } })],
        };
        LogBump(publication, previous);
        return publication;
    }

    private static long NextGeneration(PublishedPoolState? previous, string fingerprint) =>
        previous is null ? 1 : string.Equals(previous.Fingerprint, fingerprint, StringComparison.Ordinal) ? previous.Generation : previous.Generation + 1;

    private void LogBump(PoolPublication publication, PublishedPoolState? previous)
    {
        if (previous is null || previous.Generation != publication.Generation)
        {
            logger.PoolGenerationBumped(publication.PoolName, publication.Generation, publication.Slices.Count, publication.Devices.Count);
        }
    }

    private static List<(string Pci, PhysicalGpu Gpu)> NormalizeAndSort(IReadOnlyList<PhysicalGpu> gpus)
    {
        var normalized = gpus.Select(g => (Pci: PciAddress.Normalize(g.PciAddress, "GPU PCI address"), Gpu: g))
            .OrderBy(g => g.Pci, StringComparer.Ordinal)
            .ToList();
        var duplicate = normalized.GroupBy(g => g.Pci).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ResourceSliceException($"GPU {duplicate.Key} is listed {duplicate.Count()} times in the discovery input: discovery must report each PCI function once");
        }

        return normalized;
    }

    private static (bool Gpu, bool Vfio) ChooseViews(PhysicalGpu gpu, string pci, AdvertisingInput input, bool passthrough, List<AdvertisingNote> notes)
    {
        var nvmlKnown = gpu.Nvml is not null;
        bool gpuView, vfioView;
        switch (gpu.Binding)
        {
            case GpuDriverBinding.Nvidia:
            case var _ when gpu.PreparedByThisDriver:
                // On nvidia both views exist; a GPU this driver switched keeps both (the counter keeps them exclusive).
                gpuView = nvmlKnown && !gpu.MigModeEnabled;
                vfioView = passthrough && !gpu.HasMigDevices;
                if (!nvmlKnown && gpu.Binding == GpuDriverBinding.Nvidia)
                {
                    notes.Add(new(pci, "bound to nvidia but not visible to NVML: gpu view not published"));
                }

                break;
            case GpuDriverBinding.Vfio when input.AdoptPreBoundVfioDevices:
                gpuView = false;
                vfioView = passthrough;
                notes.Add(new(pci, $"found on {gpu.BoundDriverName ?? "vfio-pci"} at start-up and adopted (AdoptPreBoundVfioDevices): vfio view only; it stays on vfio after release"));
                break;
            default:
                notes.Add(new(pci, $"bound to {gpu.BoundDriverName ?? (gpu.Binding == GpuDriverBinding.None ? "no driver" : gpu.Binding.ToString())} and not prepared by this driver: not advertised" +
                                   (gpu.Binding == GpuDriverBinding.Vfio ? " (set AdoptPreBoundVfioDevices to offer it to virtual machines)" : " (bind it to nvidia to use it)")));
                return (false, false);
        }

        if (vfioView && gpu.IommuGroup is null)
        {
            notes.Add(new(pci, "no IOMMU group: vfio view not published"));
            vfioView = false;
        }

        return WithdrawSibling(gpu, pci, input, gpuView, vfioView, notes);
    }

    private static (bool Gpu, bool Vfio) WithdrawSibling(PhysicalGpu gpu, string pci, AdvertisingInput input, bool gpuView, bool vfioView, List<AdvertisingNote> notes)
    {
        if (!input.ContainerClaims)
        {
            // Nothing on this node would prepare a gpu view (and from 1.36 nvidia.com/gpu pods would land on it).
            return (false, vfioView);
        }

        if (input.Exclusion != SliceExclusion.NodeSide)
        {
            return (gpuView, vfioView);
        }

        if (gpu.PreparedByThisDriver && gpuView)
        {
            notes.Add(new(pci, "prepared for a vfio claim: gpu view withdrawn until unprepare (node-side exclusion)"));
            gpuView = false;
        }
        else if (vfioView && input.ContainerHeldGpus.Contains(pci))
        {
            notes.Add(new(pci, "held by a container claim: vfio view withdrawn until unprepare (node-side exclusion)"));
            vfioView = false;
        }

        return (gpuView, vfioView);
    }

    private static List<ResourceSliceSpec> Layout(AdvertisingInput input, List<CounterSet> counterSets, List<Device> devices, bool withCounters)
    {
        var pool = new ResourcePool(input.NodeName, 0, 0);
        var specs = new List<ResourceSliceSpec>();
        foreach (var chunk in counterSets.Chunk(SliceLimits.MaxCounterSetsPerSlice))
        {
            specs.Add(new ResourceSliceSpec { Driver = input.DriverName, Pool = pool, NodeName = input.NodeName, SharedCounters = chunk });
        }

        var perSlice = withCounters ? SliceLimits.MaxDevicesPerSliceWithAdvancedFeatures : SliceLimits.MaxDevicesPerSlice;
        foreach (var chunk in devices.Chunk(perSlice))
        {
            specs.Add(new ResourceSliceSpec { Driver = input.DriverName, Pool = pool, NodeName = input.NodeName, Devices = chunk });
        }

        return specs.Select(s => s with { Pool = s.Pool with { ResourceSliceCount = specs.Count } }).ToList();
    }

    private static string Fingerprint(List<ResourceSliceSpec> specs)
    {
        var slices = specs.Select(spec => new ResourceSlice { Metadata = new ObjectMeta(), Spec = spec }).ToList();
        var bytes = JsonSerializer.SerializeToUtf8Bytes<IReadOnlyList<ResourceSlice>>(slices, KubernetesJsonContext.Default.IReadOnlyListResourceSlice);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static string SliceName(string node, string driver, int index)
    {
        var name = $"{node}-{driver}-{index}";
        if (name.Length <= KubernetesNames.DnsSubdomainMaxLength)
        {
            return name;
        }

        // Very long node names: keep the name unique and valid by replacing the tail of the node with a hash.
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(node)))[..10];
        var room = KubernetesNames.DnsSubdomainMaxLength - driver.Length - hash.Length - index.ToString(System.Globalization.CultureInfo.InvariantCulture).Length - 3;
        return $"{node[..room].TrimEnd('-', '.')}-{hash}-{driver}-{index}";
    }
}
