using Nvidia.Dra.Nvml.Api;

namespace Nvidia.Dra.Nvml.Lifetime;

/// <summary>An NVML instance: its calls and its shared init/shutdown count.</summary>
/// <param name="Api">The calls.</param>
/// <param name="Lifetime">The reference count every client of this instance shares.</param>
internal sealed record NvmlBackend(INvmlApi Api, NvmlLifetime Lifetime);
