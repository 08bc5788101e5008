using System.Runtime.CompilerServices;

namespace Nvidia.Dra.Nvml.Interop;

// Fixed-size char arrays inside NVML structs, as safe inline arrays (no unsafe fixed buffers needed).

/// <summary>A C <c>char[16]</c>.</summary>
[InlineArray(16)]
internal struct NvmlChars16
{
    private byte _first;
}

/// <summary>A C <c>char[32]</c>.</summary>
[InlineArray(32)]
internal struct NvmlChars32
{
    private byte _first;
}
