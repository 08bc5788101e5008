using System.Runtime.CompilerServices;
using Nvidia.Dra.Nvml.Interop;

namespace Nvidia.Dra.Nvml.Tests.Interop;

// Sizes and offsets from nvml.h for LP64 Linux; a mismatch would corrupt memory in every call that passes the struct.
public sealed class StructLayoutTests
{
    [Fact]
    public void NvmlPciInfo_Layout_MatchesNvmlHeader()
    {
        var info = default(NvmlPciInfo);
        Unsafe.SizeOf<NvmlPciInfo>().Should().Be(68);
        Offset(ref info, ref Unsafe.As<NvmlChars16, byte>(ref info.BusIdLegacy)).Should().Be(0);
        Offset(ref info, ref Unsafe.As<uint, byte>(ref info.Domain)).Should().Be(16);
        Offset(ref info, ref Unsafe.As<uint, byte>(ref info.Bus)).Should().Be(20);
        Offset(ref info, ref Unsafe.As<uint, byte>(ref info.Device)).Should().Be(24);
        Offset(ref info, ref Unsafe.As<uint, byte>(ref info.PciDeviceId)).Should().Be(28);
        Offset(ref info, ref Unsafe.As<uint, byte>(ref info.PciSubSystemId)).Should().Be(32);
        Offset(ref info, ref Unsafe.As<NvmlChars32, byte>(ref info.BusId)).Should().Be(36);
    }

    [Fact]
    public void NvmlPciInfoExt_Layout_MatchesNvmlHeader()
    {
        var info = default(NvmlPciInfoExt);
        Unsafe.SizeOf<NvmlPciInfoExt>().Should().Be(64);
        Offset(ref info, ref Unsafe.As<uint, byte>(ref info.SubClass)).Should().Be(28);
        Offset(ref info, ref Unsafe.As<NvmlChars32, byte>(ref info.BusId)).Should().Be(32);
        NvmlPciInfoExt.Version1.Should().Be((uint)Unsafe.SizeOf<NvmlPciInfoExt>() | (1u << 24));
    }

    [Fact]
    public void NvmlMemory_Layout_MatchesNvmlHeader()
    {
        var memory = default(NvmlMemory);
        Unsafe.SizeOf<NvmlMemory>().Should().Be(24);
        Offset(ref memory, ref Unsafe.As<ulong, byte>(ref memory.Free)).Should().Be(8);
        Offset(ref memory, ref Unsafe.As<ulong, byte>(ref memory.Used)).Should().Be(16);
    }

    [Fact]
    public void NvmlMemoryV2_Layout_MatchesNvmlHeaderWithPaddingAfterVersion()
    {
        var memory = default(NvmlMemoryV2);
        Unsafe.SizeOf<NvmlMemoryV2>().Should().Be(40);
        Offset(ref memory, ref Unsafe.As<ulong, byte>(ref memory.Total)).Should().Be(8);
        Offset(ref memory, ref Unsafe.As<ulong, byte>(ref memory.Reserved)).Should().Be(16);
        Offset(ref memory, ref Unsafe.As<ulong, byte>(ref memory.Free)).Should().Be(24);
        Offset(ref memory, ref Unsafe.As<ulong, byte>(ref memory.Used)).Should().Be(32);
        NvmlMemoryV2.Version2.Should().Be(33554472u).And.Be((uint)Unsafe.SizeOf<NvmlMemoryV2>() | (2u << 24));
    }

    [Fact]
    public void NvmlBar1Memory_Size_Is24()
    {
        Unsafe.SizeOf<NvmlBar1Memory>().Should().Be(24);
    }

    [Fact]
    public void NvmlProcessInfo_Layout_MatchesNvmlHeader()
    {
        var info = default(NvmlProcessInfo);
        Unsafe.SizeOf<NvmlProcessInfo>().Should().Be(24);
        Offset(ref info, ref Unsafe.As<ulong, byte>(ref info.UsedGpuMemory)).Should().Be(8);
        Offset(ref info, ref Unsafe.As<uint, byte>(ref info.GpuInstanceId)).Should().Be(16);
        Offset(ref info, ref Unsafe.As<uint, byte>(ref info.ComputeInstanceId)).Should().Be(20);
    }

    [Fact]
    public void NvmlProcessInfoV1_Layout_MatchesNvmlHeader()
    {
        var info = default(NvmlProcessInfoV1);
        Unsafe.SizeOf<NvmlProcessInfoV1>().Should().Be(16);
        Offset(ref info, ref Unsafe.As<ulong, byte>(ref info.UsedGpuMemory)).Should().Be(8);
    }

    [Fact]
    public void EnumsPassedByPointer_Size_IsFourBytesLikeCEnums()
    {
        Unsafe.SizeOf<NvmlReturn>().Should().Be(4);
        Unsafe.SizeOf<NvmlEnableState>().Should().Be(4);
        Unsafe.SizeOf<NvmlInitFlags>().Should().Be(4);
    }

    private static long Offset<T>(ref T structure, ref byte field)
        where T : struct =>
        Unsafe.ByteOffset(ref Unsafe.As<T, byte>(ref structure), ref field);
}
