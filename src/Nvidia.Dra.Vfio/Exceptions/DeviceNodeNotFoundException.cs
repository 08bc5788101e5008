namespace Nvidia.Dra.Vfio;

/// <summary>A device node that must exist to decide whether a GPU is free is missing; it is never taken to mean free.</summary>
public sealed class DeviceNodeNotFoundException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The missing node.</param>
    /// <param name="device">The GPU, when known.</param>
    public DeviceNodeNotFoundException(string path, PciAddress? device = null)
        : base(
            $"Device node {path} does not exist, so it cannot be checked for holders (a missing node is never taken as free). Check the configured driver root (e.g. /run/nvidia/driver for the GPU Operator) and that the nvidia driver created its nodes.",
            device,
            VfioStep.CheckHolders)
    {
        Path = path;
    }

    /// <summary>Gets the missing path.</summary>
    public string Path { get; }
}
