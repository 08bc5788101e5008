using FsCheck;
using FsCheck.Fluent;

namespace Nvidia.Dra.Cdi.Tests.Names;

public class QualifiedDeviceNameTests
{
    [Theory]
    [InlineData("vendor.com/class=dev", "vendor.com", "class", "dev")]
    [InlineData("a/b=c", "a", "b", "c")]
    [InlineData("aa/b=cc", "aa", "b", "cc")]
    [InlineData("a/bb=cc", "a", "bb", "cc")]
    [InlineData("vendor.com/class=0", "vendor.com", "class", "0")]
    [InlineData("vendor1.com/class1=dev1", "vendor1.com", "class1", "dev1")]
    [InlineData("vendor1.com/class.subclass=dev1", "vendor1.com", "class.subclass", "dev1")]
    [InlineData("other-vendor1.com/class_1=dev_1", "other-vendor1.com", "class_1", "dev_1")]
    [InlineData("yet_another-vendor2.com/c-lass_2=dev_1:2.3", "yet_another-vendor2.com", "c-lass_2", "dev_1:2.3")]
    [InlineData("nvidia.com/gpu=0:1", "nvidia.com", "gpu", "0:1")]
    public void Parse_ValidName_SplitsAndFormatsBack(string device, string vendor, string @class, string name)
    {
        var parsed = QualifiedDeviceName.Parse(device);

        parsed.Vendor.Should().Be(vendor);
        parsed.Class.Should().Be(@class);
        parsed.Name.Should().Be(name);
        parsed.Kind.Should().Be(vendor + "/" + @class);
        parsed.ToString().Should().Be(device);
        QualifiedDeviceName.IsQualifiedName(device).Should().BeTrue();
        CdiNames.ParseDevice(device).Should().Be((vendor, @class, name));
    }

    [Theory]
    [InlineData("_invalid.com/class=dev", "_invalid.com", "class", "dev")]
    [InlineData("invalid2.com-/class=dev", "invalid2.com-", "class", "dev")]
    [InlineData("invalid3.com/_class=dev", "invalid3.com", "_class", "dev")]
    [InlineData("invalid4.com/class_=dev", "invalid4.com", "class_", "dev")]
    [InlineData("invalid5.com/class=-dev", "invalid5.com", "class", "-dev")]
    [InlineData("invalid6.com/class=dev:", "invalid6.com", "class", "dev:")]
    [InlineData("*.com/*dev=*gpu*", "*.com", "*dev", "*gpu*")]
    [InlineData("9vendor.com/gpu=0", "9vendor.com", "gpu", "0")]
    [InlineData("vendor.com/foo/bar=0", "vendor.com", "foo/bar", "0")]
    public void Parse_ParsableButInvalid_IsRejectedButSplits(string device, string vendor, string @class, string name)
    {
        QualifiedDeviceName.IsQualifiedName(device).Should().BeFalse();
        QualifiedDeviceName.TryParse(device, out _, out var error).Should().BeFalse();
        error.Should().StartWith($"invalid device \"{device}\": ");
        CdiNames.ParseDevice(device).Should().Be((vendor, @class, name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/dev/null")]
    [InlineData("nvidia.com/gpu")]
    [InlineData("gpu=0")]
    [InlineData("=0")]
    [InlineData("nvidia.com/gpu=")]
    [InlineData("/gpu=0")]
    [InlineData("nvidia.com/=0")]
    public void Parse_Unqualified_ReportsMissingVendorAndKeepsInputAsName(string device)
    {
        CdiNames.ParseDevice(device).Should().Be((string.Empty, string.Empty, device));
        QualifiedDeviceName.TryParse(device, out _, out var error).Should().BeFalse();
        error.Should().Be($"unqualified device \"{device}\", missing vendor");
        var act = () => QualifiedDeviceName.Parse(device);
        act.Should().Throw<CdiNameException>().Which.Value.Should().Be(device);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNull()
    {
        var act = () => QualifiedDeviceName.Parse(null!);
        act.Should().Throw<ArgumentNullException>();
        QualifiedDeviceName.IsQualifiedName(null).Should().BeFalse();
    }

    [Fact]
    public void Create_ValidParts_EqualsParsed()
    {
        QualifiedDeviceName.Create("nvidia.com", "gpu", "0").Should().Be(QualifiedDeviceName.Parse("nvidia.com/gpu=0"));
        var act = () => QualifiedDeviceName.Create("nvidia.com", "gpu", "-0");
        act.Should().Throw<CdiNameException>();
    }

    private static readonly char[] s_letters = [.. "abcXYZ"];
    private static readonly char[] s_alnum = [.. "abcXYZ019"];
    private static readonly char[] s_middle = [.. "abcXYZ019_-."];
    private static readonly char[] s_nameMiddle = [.. "abcXYZ019_-.:"];

    private static Gen<string> Part(char[] first, char[] middle, char[] last) =>
        from f in Gen.Elements(first)
        from m in Gen.ArrayOf(Gen.Elements(middle))
        from l in Gen.Elements(last)
        from single in Gen.Elements(true, false)
        select single ? f.ToString() : f + new string(m) + l;

    [FsCheck.Xunit.Property]
    public Property ParseAndFormat_GeneratedValidNames_RoundTrip()
    {
        var gen = from v in Part(s_letters, s_middle, s_alnum)
                  from c in Part(s_letters, s_middle, s_alnum)
                  from n in Part(s_alnum, s_nameMiddle, s_alnum)
                  select (v, c, n);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var text = CdiNames.QualifiedName(t.v, t.c, t.n);
            var parsed = QualifiedDeviceName.Parse(text);
            return parsed.Vendor == t.v && parsed.Class == t.c && parsed.Name == t.n && parsed.ToString() == text;
        });
    }

    [FsCheck.Xunit.Property]
    public Property IsQualifiedName_NameWithForbiddenCharacter_IsFalse()
    {
        var gen = from n in Part(s_alnum, s_nameMiddle, s_alnum)
                  from bad in Gen.Elements('/', '=', ' ', '*', 'é', '@', '+')
                  from at in Gen.Choose(0, 100)
                  select (n, bad, at);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var name = t.n.Insert(t.at % (t.n.Length + 1), t.bad.ToString());
            return !QualifiedDeviceName.IsQualifiedName("vendor.com/class=" + name);
        });
    }
}
