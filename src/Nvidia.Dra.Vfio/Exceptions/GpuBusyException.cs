namespace Nvidia.Dra.Vfio;

/// <summary>Processes still hold the device node, so the driver cannot be switched; the holders are named.</summary>
public sealed class GpuBusyException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">The GPU, when known.</param>
    /// <param name="devicePath">The device node that is held.</param>
    /// <param name="holders">Who holds it.</param>
    /// <param name="waited">How long we waited for it to become free.</param>
    public GpuBusyException(PciAddress? device, string devicePath, IReadOnlyList<DeviceHolder> holders, TimeSpan waited)
        : base(
            $"{devicePath}{(device is null ? string.Empty : $" (PCI function {device})")} is still held after waiting {waited.TotalSeconds:0.###} s by: {string.Join(", ", (holders ?? []).Select(h => h.Describe()))}. Stop those processes or services (for nvidia-persistenced, disable persistence mode first) and retry.",
            device,
            VfioStep.CheckHolders)
    {
        DevicePath = devicePath;
        Holders = holders ?? [];
    }

    /// <summary>Gets the held device node.</summary>
    public string DevicePath { get; }

    /// <summary>Gets the processes holding it.</summary>
    public IReadOnlyList<DeviceHolder> Holders { get; }
}
