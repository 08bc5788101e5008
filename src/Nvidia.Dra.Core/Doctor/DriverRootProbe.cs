namespace Nvidia.Dra.Core.Doctor;

/// <summary>What was found under one candidate NVIDIA driver root.</summary>
/// <param name="Root">The driver root as the host sees it (<c>/run/nvidia/driver</c>).</param>
/// <param name="Path">Where it was probed in this process's view (under the host root).</param>
/// <param name="Files">The driver files found (<c>libnvidia-ml.so.1</c>, <c>nvidia-smi</c>); empty when none.</param>
public sealed record DriverRootProbe(string Root, string Path, IReadOnlyList<string> Files)
{
    /// <summary>Gets a value indicating whether an NVIDIA user-space driver is installed there.</summary>
    public bool HasDriver => Files.Count > 0;
}
