namespace Nvidia.Dra.Nvml.Api;

/// <summary>An <c>nvmlDevice_t</c>: borrowed from NVML (there is no release call), valid until shutdown or until
/// the GPU is re-enumerated, so it is never cached across operations.</summary>
/// <param name="Value">The opaque pointer.</param>
internal readonly record struct NvmlDeviceHandle(nint Value);
