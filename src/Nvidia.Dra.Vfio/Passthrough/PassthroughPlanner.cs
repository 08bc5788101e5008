using System.Globalization;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// Applies the group rule: every non-bridge endpoint of the GPU's group must end on a VFIO driver,
/// <c>pci-stub</c> or no driver. Functions of the GPU's own board (same slot, NVIDIA or linked through
/// <c>consumer:pci:</c>) move with it; any other endpoint on a host driver blocks passthrough.
/// </summary>
public sealed class PassthroughPlanner : IPassthroughPlanner
{
    private readonly IPciDiscovery _discovery;
    private readonly IIommuInspector _iommu;
    private readonly IVfioDriverResolver _resolver;

    /// <summary>Creates the planner.</summary>
    /// <param name="discovery">PCI discovery.</param>
    /// <param name="iommu">IOMMU inspector.</param>
    /// <param name="resolver">VFIO driver resolver.</param>
    public PassthroughPlanner(IPciDiscovery discovery, IIommuInspector iommu, IVfioDriverResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        ArgumentNullException.ThrowIfNull(iommu);
        ArgumentNullException.ThrowIfNull(resolver);
        _discovery = discovery;
        _iommu = iommu;
        _resolver = resolver;
    }

    /// <inheritdoc/>
    public PassthroughPlan Plan(PciAddress gpu) => Plan(gpu, null);

    /// <summary>
    /// Plans passing through any PCI function, not only an NVIDIA GPU: the function is switched from whatever host
    /// driver it has. The other functions of its slot, and the functions named in <paramref name="companions"/>,
    /// move with it; any other endpoint of its IOMMU group on a host driver blocks the plan as usual. Discovery stays
    /// NVIDIA-only; this entry point is for callers that name the function themselves (another passthrough device,
    /// or an emulated device standing in for a GPU in tests on a real kernel).
    /// </summary>
    /// <param name="function">The function's address.</param>
    /// <param name="companions">Further members of its IOMMU group to switch with it; none by default.</param>
    /// <returns>The plan; check <see cref="PassthroughPlan.IsViable"/> or call <see cref="PassthroughPlan.EnsureViable"/>.</returns>
    /// <exception cref="PciDeviceNotFoundException">No such function.</exception>
    /// <exception cref="UnsupportedDeviceException">The function is an SR-IOV virtual function.</exception>
    public PassthroughPlan PlanFunction(PciAddress function, IReadOnlyCollection<PciAddress>? companions = null) =>
        Plan(function, companions ?? []);

    /// <summary>Plans a GPU (<paramref name="companions"/> null) or any named function with its companions.</summary>
    private PassthroughPlan Plan(PciAddress gpu, IReadOnlyCollection<PciAddress>? companions)
    {
        var anyFunction = companions is not null;
        var function = _discovery.GetFunctionForPlan(gpu);
        if (function.Sriov.IsVirtualFunction)
        {
            throw new UnsupportedDeviceException(gpu, $"it is an SR-IOV virtual function of {function.Sriov.PhysicalFunction}; only whole GPUs (physical functions) are switched.");
        }

        if (!anyFunction && !function.IsNvidiaGpu)
        {
            var what = function.IsNvSwitch ? "an NVSwitch" : string.Create(CultureInfo.InvariantCulture, $"vendor 0x{function.VendorId:x4} class 0x{function.ClassCode:x6}");
            throw new UnsupportedDeviceException(gpu, $"it is {what}, not an NVIDIA GPU (vendor 0x10de, class 0x0300xx or 0x0302xx).");
        }

        var choice = _resolver.Choose(function);
        var blockers = new List<PlanBlocker>();
        if (function.Sriov.NumVfs > 0)
        {
            blockers.Add(new PlanBlocker(gpu, PlanBlockerKind.VirtualFunctionsEnabled, $"{gpu} has {function.Sriov.NumVfs} SR-IOV VFs enabled (sriov_numvfs); disable them first."));
        }

        if (!anyFunction && function.Driver is not null && function.Driver != DriverNames.Nvidia && !DriverNames.IsVfio(function.Driver))
        {
            blockers.Add(new PlanBlocker(gpu, PlanBlockerKind.UnexpectedDriver, $"GPU {gpu} is bound to {function.Driver}, expected nvidia, a VFIO driver or none; unbind it from {function.Driver} first."));
        }

        // A GPU with an iommu_group link proves the IOMMU is on; only without one is the IOMMU state read (it lists
        // every group) to say why.
        if (function.IommuGroup is not { } group)
        {
            var state = _iommu.GetState();
            if (!state.Enabled)
            {
                blockers.Add(new PlanBlocker(gpu, PlanBlockerKind.IommuDisabled, state.Reason));
                return NewPlan(function, null, choice, [new PlanMember(function, PlanRole.Switch, "the GPU")], blockers);
            }

            blockers.Add(new PlanBlocker(gpu, PlanBlockerKind.NoIommuGroup, $"GPU {gpu} has no iommu_group link although the IOMMU is on; check the kernel log for DMAR/AMD-Vi errors on this device."));
            return NewPlan(function, null, choice, [new PlanMember(function, PlanRole.Switch, "the GPU")], blockers);
        }

        var members = new List<PlanMember> { new(function, PlanRole.Switch, "the GPU") };
        foreach (var address in _iommu.GetGroupMembers(group))
        {
            if (address == gpu)
            {
                continue;
            }

            var member = _discovery.GetFunctionForPlan(address);
            var classified = Classify(function, member, group, companions);
            members.Add(classified);
            if (classified.Role == PlanRole.Block)
            {
                blockers.Add(new PlanBlocker(address, PlanBlockerKind.ForeignDevice, classified.Reason));
            }
        }

        return NewPlan(function, group, choice, members, blockers);
    }

    /// <inheritdoc/>
    public void EnsureNoVirtualFunctions(PciAddress device)
    {
        var function = _discovery.GetFunction(device);
        if (function.Sriov.NumVfs > 0)
        {
            throw new VirtualFunctionsEnabledException(device, function.Sriov.NumVfs);
        }
    }

    private static PassthroughPlan NewPlan(PciFunction gpu, int? group, VfioDriverChoice choice, List<PlanMember> members, List<PlanBlocker> blockers) =>
        new() { Gpu = gpu, IommuGroup = group, VfioDriver = choice, Members = members, Blockers = blockers };

    private static PlanMember Classify(PciFunction gpu, PciFunction member, int group, IReadOnlyCollection<PciAddress>? companions)
    {
        if (member.IsBridge)
        {
            return new PlanMember(member, PlanRole.Stay, "PCI bridge: excluded from viability");
        }

        // A named function's slot-mates are functions of the same card whatever their vendor; a GPU's only when they
        // are NVIDIA's or its auxiliary (consumer) function.
        var companion = companions is null
            ? gpu.Address.IsSameSlot(member.Address) && (member.IsNvidia || gpu.Consumers.Contains(member.Address))
            : gpu.Address.IsSameSlot(member.Address) || companions.Contains(member.Address);
        if (DriverNames.IsDmaSafe(member.Driver))
        {
            return new PlanMember(member, PlanRole.Stay, member.Driver is null ? "no driver bound" : $"already on {member.Driver}");
        }

        if (companion)
        {
            return new PlanMember(member, PlanRole.Switch, $"function of the same board, on {member.Driver}: moves with the GPU");
        }

        var what = member.IsNvidiaGpu ? "another GPU" : string.Create(CultureInfo.InvariantCulture, $"vendor 0x{member.VendorId:x4} class 0x{member.ClassCode:x6}");
        return new PlanMember(
            member,
            PlanRole.Block,
            $"{member.Address} ({what}) shares IOMMU group {group} and is bound to host driver {member.Driver}; move the card to a slot with ACS isolation, or bind {member.Address} to vfio-pci or pci-stub if it is not needed by the host");
    }
}
