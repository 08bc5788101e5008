using System.Text.Json;
using FsCheck.Xunit;

namespace Nvidia.Dra.Vfio.Tests;

public sealed class PciAddressTests
{
    [Fact]
    public void Parse_SysfsForm_ReturnsParts()
    {
        var address = PciAddress.Parse("0000:3b:1f.7");

        address.Domain.Should().Be(0);
        address.Bus.Should().Be(0x3b);
        address.Device.Should().Be(0x1f);
        address.Function.Should().Be(7);
    }

    [Fact]
    public void Parse_NvmlForm_EqualsSysfsForm()
    {
        PciAddress.Parse("00000000:3B:00.0").Should().Be(PciAddress.Parse("0000:3b:00.0"));
    }

    [Fact]
    public void Parse_ShortForm_HasDomainZero()
    {
        PciAddress.Parse("3b:00.1").Should().Be(new PciAddress(0, 0x3b, 0, 1));
    }

    [Fact]
    public void ToString_Always_GivesLowerCaseSysfsForm()
    {
        new PciAddress(0, 0x3b, 0, 0).ToString().Should().Be("0000:3b:00.0");
        new PciAddress(0x10000, 0xab, 0x1f, 7).ToString().Should().Be("10000:ab:1f.7");
    }

    [Fact]
    public void ToNvmlString_Always_GivesEightDigitUpperCaseDomain()
    {
        new PciAddress(0, 0x3b, 0, 0).ToNvmlString().Should().Be("00000000:3B:00.0");
    }

    [Theory]
    [InlineData("")]
    [InlineData("0000:3b:00")]
    [InlineData("0000:3b:20.0")]
    [InlineData("0000:3b:00.8")]
    [InlineData("0000:3b:0.0")]
    [InlineData("0000:3bb:00.0")]
    [InlineData("123456789:00:00.0")]
    [InlineData("zzzz:00:00.0")]
    [InlineData("0000:3b:00.0\n")]
    [InlineData("../../0000:3b:00.0")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        PciAddress.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void Parse_Malformed_ThrowsFormatExceptionNamingValue()
    {
        var act = () => PciAddress.Parse("0000:3b:00.9");

        act.Should().Throw<FormatException>().WithMessage("*0000:3b:00.9*dddd:bb:dd.f*");
    }

    [Fact]
    public void Constructor_DeviceOutOfRange_Throws()
    {
        var act = () => new PciAddress(0, 0, 32, 0);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Json_RoundTrip_UsesSysfsString()
    {
        var address = PciAddress.Parse("0000:3b:00.0");

        var json = JsonSerializer.Serialize(new[] { address }, TestJsonContext.Default.PciAddressArray);

        json.Should().Be("[\"0000:3b:00.0\"]");
        JsonSerializer.Deserialize(json, TestJsonContext.Default.PciAddressArray).Should().Equal(address);
    }

    [Property]
    public bool Parse_FormattedSysfsForm_RoundTrips(uint domain, byte bus, byte device, byte function)
    {
        var address = new PciAddress(domain, bus, (byte)(device % 32), (byte)(function % 8));
        return PciAddress.Parse(address.ToString()) == address;
    }

    [Property]
    public bool Parse_FormattedNvmlForm_RoundTrips(uint domain, byte bus, byte device, byte function)
    {
        var address = new PciAddress(domain, bus, (byte)(device % 32), (byte)(function % 8));
        return PciAddress.Parse(address.ToNvmlString()) == address;
    }

    [Property]
    public bool CompareTo_Always_MatchesNumericTupleOrder(uint d1, byte b1, byte s1, uint d2, byte b2, byte s2)
    {
        var left = new PciAddress(d1, b1, (byte)(s1 % 32), (byte)(s1 % 8));
        var right = new PciAddress(d2, b2, (byte)(s2 % 32), (byte)(s2 % 8));
        var expected = (left.Domain, left.Bus, left.Device, left.Function).CompareTo((right.Domain, right.Bus, right.Device, right.Function));
        return Math.Sign(left.CompareTo(right)) == Math.Sign(expected);
    }
}
