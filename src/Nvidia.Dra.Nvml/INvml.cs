namespace Nvidia.Dra.Nvml;

/// <summary>
/// What a DRA driver asks NVML: the GPUs and their identity, the driver and CUDA versions, running compute
/// processes, and persistence mode. Calls are synchronous, as NVML's are. GPUs are addressed by PCI bus id (any
/// form <see cref="NvmlPciBusId"/> accepts) because NVML handles and indices do not survive a driver rebind.
/// </summary>
public interface INvml
{
    /// <summary>The driver, NVML and CUDA versions.</summary>
    /// <exception cref="NvmlException">NVML failed.</exception>
    NvmlSystemInfo GetSystemInfo();

    /// <summary>Every GPU NVML sees (GPUs bound to vfio-pci are not among them), in NVML's index order.</summary>
    /// <exception cref="NvmlException">NVML failed for a GPU; the exception names it.</exception>
    IReadOnlyList<NvmlGpu> GetGpus();

    /// <summary>The GPU at NVML index <paramref name="index"/>.</summary>
    /// <param name="index">The index, from 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">There is no GPU at that index.</exception>
    /// <exception cref="NvmlException">NVML failed.</exception>
    NvmlGpu GetGpuByIndex(int index);

    /// <summary>Finds the GPU with UUID <paramref name="uuid"/>.</summary>
    /// <param name="uuid">The UUID, <c>GPU-…</c>.</param>
    /// <param name="gpu">The GPU, when found.</param>
    /// <returns>Whether NVML knows the GPU.</returns>
    /// <exception cref="NvmlException">NVML failed for another reason than "not found".</exception>
    bool TryGetGpuByUuid(string uuid, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NvmlGpu? gpu);

    /// <summary>Finds the GPU at PCI bus id <paramref name="pciBusId"/>.</summary>
    /// <param name="pciBusId">The bus id, e.g. <c>0000:3b:00.0</c> or <c>00000000:3B:00.0</c>.</param>
    /// <param name="gpu">The GPU, when found.</param>
    /// <returns>Whether NVML knows the GPU (it does not while the GPU is bound to another driver).</returns>
    /// <exception cref="FormatException"><paramref name="pciBusId"/> is not a PCI bus id.</exception>
    /// <exception cref="NvmlException">NVML failed for another reason than "not found".</exception>
    bool TryGetGpuByPciBusId(string pciBusId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NvmlGpu? gpu);

    /// <summary>The ids of the compute processes NVML sees on the GPU. Processes in other PID namespaces or
    /// holding the device nodes without a CUDA context are not listed: this complements, not replaces, a
    /// <c>/proc</c> scan for holders.</summary>
    /// <param name="pciBusId">The GPU's PCI bus id.</param>
    /// <exception cref="NvmlGpuNotFoundException">NVML does not know the GPU.</exception>
    /// <exception cref="NvmlException">NVML failed.</exception>
    IReadOnlyList<int> GetComputeProcessIds(string pciBusId);

    /// <summary>Whether persistence mode is on for the GPU.</summary>
    /// <param name="pciBusId">The GPU's PCI bus id.</param>
    /// <exception cref="NvmlGpuNotFoundException">NVML does not know the GPU.</exception>
    /// <exception cref="NvmlException">NVML failed.</exception>
    bool GetPersistenceMode(string pciBusId);

    /// <summary>Turns persistence mode on or off (root only). Calls are serialised. Handles are looked up afresh
    /// each time, because turning it off on a coherent-NVLink GPU invalidates the GPU's handle.</summary>
    /// <param name="pciBusId">The GPU's PCI bus id.</param>
    /// <param name="enabled">The mode to set.</param>
    /// <exception cref="NvmlNoPermissionException">The process is not root.</exception>
    /// <exception cref="NvmlException">NVML failed.</exception>
    void SetPersistenceMode(string pciBusId, bool enabled);
}
