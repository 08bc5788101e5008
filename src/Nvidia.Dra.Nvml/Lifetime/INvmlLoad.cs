using Nvidia.Dra.Nvml.Api;

namespace Nvidia.Dra.Nvml.Lifetime;

/// <summary>One load of NVML: calls bound to this load, valid until <see cref="Unload"/>.</summary>
internal interface INvmlLoad
{
    /// <summary>The calls, bound to this load.</summary>
    INvmlApi Api { get; }

    /// <summary>Where the library was loaded from, for logs.</summary>
    string LibraryPath { get; }

    /// <summary>Gives the library back; <see cref="Api"/> must not be called afterwards.</summary>
    void Unload();
}
