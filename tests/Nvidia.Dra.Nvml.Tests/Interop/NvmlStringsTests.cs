using System.Text;
using Nvidia.Dra.Nvml.Interop;

namespace Nvidia.Dra.Nvml.Tests.Interop;

public sealed class NvmlStringsTests
{
    [Fact]
    public void Decode_BufferWithNul_StopsAtFirstNul()
    {
        var buffer = new byte[96];
        Encoding.UTF8.GetBytes("NVIDIA H200\0garbage").CopyTo(buffer, 0);

        NvmlStrings.Decode(buffer).Should().Be("NVIDIA H200");
    }

    [Fact]
    public void Decode_BufferFilledWithoutNul_ReturnsWholeBuffer()
    {
        var buffer = Encoding.UTF8.GetBytes("0123456789");

        NvmlStrings.Decode(buffer).Should().Be("0123456789");
    }

    [Fact]
    public void Encode_TextLongerThanBuffer_TruncatesAndKeepsNul()
    {
        var buffer = new byte[5];

        NvmlStrings.Encode("abcdefgh", buffer);

        buffer.Should().Equal((byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)0);
    }

    [Fact]
    public void Create_PciInfo_FormatsBothBusIdsAsNvmlDoes()
    {
        var info = NvmlPciInfo.Create(0, 0x3b, 0, 0x233510DE, 0x18BF10DE);

        info.BusIdString.Should().Be("00000000:3B:00.0");
        NvmlStrings.Decode(info.BusIdLegacy).Should().Be("0000:3B:00.0");
        info.PciDeviceId.Should().Be(0x233510DEu);
    }
}
