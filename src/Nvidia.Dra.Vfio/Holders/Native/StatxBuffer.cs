using System.Runtime.InteropServices;

namespace Nvidia.Dra.Vfio;

/// <summary>The fields of <c>struct statx</c> (256 bytes) that identify a file.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct StatxBuffer
{
    [FieldOffset(28)]
    public ushort Mode;

    [FieldOffset(32)]
    public ulong Inode;

    [FieldOffset(128)]
    public uint RdevMajor;

    [FieldOffset(132)]
    public uint RdevMinor;

    [FieldOffset(136)]
    public uint DevMajor;

    [FieldOffset(140)]
    public uint DevMinor;
}
