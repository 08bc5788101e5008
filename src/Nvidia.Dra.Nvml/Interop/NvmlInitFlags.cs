namespace Nvidia.Dra.Nvml.Interop;

/// <summary>Flags of <c>nvmlInitWithFlags</c>.</summary>
[Flags]
internal enum NvmlInitFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary><c>NVML_INIT_FLAG_NO_GPUS</c>: do not fail when no GPU is found (all on vfio-pci, say).</summary>
    NoGpus = 1,

    /// <summary><c>NVML_INIT_FLAG_NO_ATTACH</c>: do not attach GPUs.</summary>
    NoAttach = 2,

    /// <summary><c>NVML_INIT_FLAG_FORCE_INIT</c>.</summary>
    ForceInit = 4,
}
