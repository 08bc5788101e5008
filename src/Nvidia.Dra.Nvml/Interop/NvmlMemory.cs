using System.Runtime.InteropServices;

namespace Nvidia.Dra.Nvml.Interop;

/// <summary><c>nvmlMemory_t</c> (v1): 24 bytes, all in bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlMemory
{
    /// <summary>Total memory.</summary>
    public ulong Total;

    /// <summary>Unallocated memory.</summary>
    public ulong Free;

    /// <summary>Allocated memory.</summary>
    public ulong Used;
}

/// <summary><c>nvmlMemory_v2_t</c>: 40 bytes (4 bytes of padding after the version).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlMemoryV2
{
    /// <summary><c>nvmlMemory_v2</c> = sizeof | (2 &lt;&lt; 24) = 0x02000028.</summary>
    public const uint Version2 = 0x02000028;

    /// <summary>The struct version the caller sets.</summary>
    public uint Version;

    /// <summary>Total memory.</summary>
    public ulong Total;

    /// <summary>Memory reserved by the system.</summary>
    public ulong Reserved;

    /// <summary>Unallocated memory.</summary>
    public ulong Free;

    /// <summary>Allocated memory.</summary>
    public ulong Used;
}

/// <summary><c>nvmlBAR1Memory_t</c>: 24 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlBar1Memory
{
    /// <summary>Total BAR1 memory.</summary>
    public ulong Bar1Total;

    /// <summary>Unallocated BAR1 memory.</summary>
    public ulong Bar1Free;

    /// <summary>Allocated BAR1 memory.</summary>
    public ulong Bar1Used;
}
