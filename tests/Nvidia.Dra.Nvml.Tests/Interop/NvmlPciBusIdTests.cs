using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Nvidia.Dra.Nvml.Tests.Interop;

public sealed class NvmlPciBusIdTests
{
    [Theory]
    [InlineData("00000000:3B:00.0", "0000:3b:00.0")]
    [InlineData("0000:3B:00.0", "0000:3b:00.0")]
    [InlineData("0000:3b:00.0", "0000:3b:00.0")]
    [InlineData("3b:00.0", "0000:3b:00.0")]
    [InlineData("00000000:00:06.0", "0000:00:06.0")]
    [InlineData(" 0000:DB:1F.7 ", "0000:db:1f.7")]
    [InlineData("00010000:3B:00.0", "10000:3b:00.0")]
    public void Normalize_NvmlOrSysfsForm_ReturnsSysfsForm(string input, string expected)
    {
        NvmlPciBusId.Normalize(input).Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GPU-122ef966")]
    [InlineData("0000:3b:00")]
    [InlineData("0000:3b:20.0")]
    [InlineData("0000:3b:00.8")]
    [InlineData("000000000:3b:00.0")]
    [InlineData("0000:3bb:00.0")]
    [InlineData("a:b:c:d.0")]
    public void TryNormalize_NotABusId_ReturnsFalse(string input)
    {
        NvmlPciBusId.TryNormalize(input, out var normalized).Should().BeFalse();
        normalized.Should().BeNull();
    }

    [Fact]
    public void Normalize_NotABusId_ThrowsFormatExceptionNamingInput()
    {
        var act = () => NvmlPciBusId.Normalize("nonsense");

        act.Should().Throw<FormatException>().WithMessage("*nonsense*");
    }

    [Property]
    public Property Normalize_NvmlAndSysfsSpellings_AgreeForEveryAddress()
    {
        var addresses =
            from domain in Gen.Choose(0, 0xFFFF)
            from bus in Gen.Choose(0, 0xFF)
            from device in Gen.Choose(0, 0x1F)
            from function in Gen.Choose(0, 7)
            select (domain, bus, device, function);

        return Prop.ForAll(addresses.ToArbitrary(), address =>
        {
            var (domain, bus, device, function) = address;
            var nvml = $"{domain:X8}:{bus:X2}:{device:X2}.{function:X}";
            var sysfs = $"{domain:x4}:{bus:x2}:{device:x2}.{function:x}";
            return NvmlPciBusId.Normalize(nvml) == sysfs && NvmlPciBusId.Normalize(sysfs) == sysfs;
        });
    }
}
