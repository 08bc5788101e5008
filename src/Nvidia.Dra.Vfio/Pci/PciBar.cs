namespace Nvidia.Dra.Vfio;

/// <summary>One base address register of a PCI function, from a line of its sysfs <c>resource</c> file.</summary>
/// <param name="Index">BAR number, 0 to 5.</param>
/// <param name="Start">First bus address.</param>
/// <param name="End">Last bus address (inclusive).</param>
/// <param name="Flags">Kernel resource flags; the low bits are the raw BAR type bits.</param>
public sealed record PciBar(int Index, ulong Start, ulong End, ulong Flags)
{
    private const ulong IoResource = 0x100;
    private const ulong MemoryResource = 0x200;

    /// <summary>Gets the size in bytes.</summary>
    public ulong Size => End - Start + 1;

    /// <summary>Gets a value indicating whether this is an I/O port BAR.</summary>
    public bool IsIo => (Flags & IoResource) != 0;

    /// <summary>Gets a value indicating whether this is a memory BAR.</summary>
    public bool IsMemory => (Flags & MemoryResource) != 0;

    /// <summary>Gets a value indicating whether this is a 64-bit memory BAR (type bits <c>0b10</c>).</summary>
    public bool Is64Bit => !IsIo && (Flags & 0x6) == 0x4;

    /// <summary>Gets a value indicating whether the memory is prefetchable.</summary>
    public bool IsPrefetchable => !IsIo && (Flags & 0x8) != 0;
}
