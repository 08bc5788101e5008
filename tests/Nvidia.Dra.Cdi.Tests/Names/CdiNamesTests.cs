namespace Nvidia.Dra.Cdi.Tests.Names;

public class CdiNamesTests
{
    [Theory]
    [InlineData("nvidia.com", true)]
    [InlineData("k8s.gpu.nvidia.com", true)]
    [InlineData("a", true)]
    [InlineData("A1", true)]
    [InlineData("a_b-c.d", true)]
    [InlineData("", false)]
    [InlineData("9vendor.com", false)]
    [InlineData("_vendor", false)]
    [InlineData("vendor-", false)]
    [InlineData("vendor.", false)]
    [InlineData("ven dor", false)]
    [InlineData("ven:dor", false)]
    [InlineData("vendör", false)]
    [InlineData("ven/dor", false)]
    public void ValidateVendorName_Rules(string vendor, bool valid)
    {
        (CdiNames.ValidateVendorName(vendor) is null).Should().Be(valid);
        (CdiNames.ValidateClassName(vendor) is null).Should().Be(valid);
        if (!valid)
        {
            CdiNames.ValidateVendorName(vendor).Should().StartWith("invalid vendor. ");
            CdiNames.ValidateClassName(vendor).Should().StartWith("invalid class. ");
        }
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("gpu0", true)]
    [InlineData("0:1", true)]
    [InlineData("GPU-4cf8db2d-06c0", true)]
    [InlineData("a.b_c-d:e", true)]
    [InlineData("", false)]
    [InlineData("-gpu", false)]
    [InlineData("gpu-vfio-", false)]
    [InlineData("gpu:", false)]
    [InlineData("gp u", false)]
    [InlineData("gpu/0", false)]
    [InlineData("gpu=0", false)]
    [InlineData("ü", false)]
    public void ValidateDeviceName_Rules(string name, bool valid)
    {
        (CdiNames.ValidateDeviceName(name) is null).Should().Be(valid);
    }

    [Theory]
    [InlineData("nvidia.com/gpu", "nvidia.com", "gpu")]
    [InlineData("vendor.com/foo/bar", "vendor.com", "foo/bar")]
    [InlineData("nogap", "", "nogap")]
    [InlineData("/gpu", "", "/gpu")]
    [InlineData("vendor/", "", "vendor/")]
    [InlineData("", "", "")]
    public void ParseKind_SplitsAtFirstSlash(string kind, string vendor, string @class)
    {
        CdiNames.ParseKind(kind).Should().Be((vendor, @class));
    }

    [Theory]
    [InlineData("nvidia.com/gpu", true)]
    [InlineData("nvidia.com/gpu.coherent", true)]
    [InlineData("a/b", true)]
    [InlineData("vendor.com/foo/bar", false)]
    [InlineData("9vendor.com/gpu", false)]
    [InlineData("vendor.com-/device", false)]
    [InlineData("vendor.com/device=", false)]
    [InlineData("vendor.com", false)]
    [InlineData("", false)]
    public void ValidateKind_Rules(string kind, bool valid)
    {
        (CdiNames.ValidateKind(kind) is null).Should().Be(valid);
    }

    [Fact]
    public void Methods_NullArguments_Throw()
    {
        FluentActions.Invoking(() => CdiNames.ValidateKind(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => CdiNames.ValidateDeviceName(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => CdiNames.ValidateVendorName(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => CdiNames.ValidateClassName(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => CdiNames.ParseDevice(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => CdiNames.ParseKind(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => CdiNames.QualifiedName(null!, "c", "n")).Should().Throw<ArgumentNullException>();
    }
}
