using System.Runtime.InteropServices;

namespace Nvidia.Dra.Nvml.Tests.Hardware;

/// <summary>A fact that needs a real NVIDIA driver; it is skipped, with the reason, where NVML cannot be loaded
/// (CI and developer machines without a GPU).</summary>
public sealed class NvmlFactAttribute : FactAttribute
{
    private static readonly bool Available = Probe();

    public NvmlFactAttribute()
    {
        if (!Available)
        {
            Skip = "NVML (libnvidia-ml.so.1) is not present on this machine: needs an NVIDIA GPU and driver.";
        }
    }

    private static bool Probe()
    {
        if (!NativeLibrary.TryLoad("libnvidia-ml.so.1", out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }
}
