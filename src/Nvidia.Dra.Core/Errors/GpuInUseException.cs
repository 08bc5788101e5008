using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core;

/// <summary>
/// Processes still held the GPU when the call's deadline came, so it could not move to vfio-pci. Names every
/// holder (PID, command, systemd unit or container) and the remedy, instead of a bare deadline (W2). Everything
/// done so far was undone.
/// </summary>
public sealed class GpuInUseException : ClaimPreparationException
{
    /// <summary>Initialises the exception.</summary>
    /// <param name="claim">The claim.</param>
    /// <param name="pciAddress">The GPU.</param>
    /// <param name="devicePath">The held device node.</param>
    /// <param name="holders">Who holds it.</param>
    /// <param name="waited">How long we waited.</param>
    /// <param name="innerException">The scanner's error.</param>
    public GpuInUseException(string claim, string pciAddress, string devicePath, IReadOnlyList<DeviceHolder> holders, TimeSpan waited, Exception? innerException = null)
        : base(
            claim,
            pciAddress,
            ClaimStep.WaitForHolders,
            $"GPU {pciAddress} ({devicePath}) is still held after {waited.TotalSeconds:0.#} s by {string.Join("; ", holders.Select(h => h.Describe()))}. " +
            "Stop or reconfigure those services on the node (display manager, nvidia-device-plugin, DCGM, dcgm-exporter, CUDA jobs), then retry; kubelet retries automatically",
            rolledBack: true,
            isTransient: true,
            innerException)
    {
        PciAddress = pciAddress;
        DevicePath = devicePath;
        Holders = holders;
    }

    /// <summary>Gets the GPU.</summary>
    public string PciAddress { get; }

    /// <summary>Gets the held device node.</summary>
    public string DevicePath { get; }

    /// <summary>Gets the processes holding it.</summary>
    public IReadOnlyList<DeviceHolder> Holders { get; }
}
