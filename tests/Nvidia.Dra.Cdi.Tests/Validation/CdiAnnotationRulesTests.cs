using Nvidia.Dra.Cdi.Tests.TestSupport;

namespace Nvidia.Dra.Cdi.Tests.Validation;

public class CdiAnnotationRulesTests
{
    [Theory]
    [InlineData("key", true)]
    [InlineData("nvidia.com/driver-version", true)]
    [InlineData("Vendor.COM/Key_1.x", true)]
    [InlineData("a", true)]
    [InlineData("", false)]
    [InlineData("/name", false)]
    [InlineData("prefix/", false)]
    [InlineData("a/b/c", false)]
    [InlineData("-key", false)]
    [InlineData("key-", false)]
    [InlineData("ke y", false)]
    [InlineData("bad_prefix.com/key", false)]
    public void ValidateKey_Rules(string key, bool valid) =>
        (CdiAnnotationRules.ValidateKey(key) is null).Should().Be(valid);

    [Fact]
    public void ValidateKey_Lengths()
    {
        CdiAnnotationRules.ValidateKey(new string('a', 63)).Should().BeNull();
        CdiAnnotationRules.ValidateKey(new string('a', 64)).Should().NotBeNull();
        CdiAnnotationRules.ValidateKey(new string('a', 253) + "/k").Should().BeNull();
        CdiAnnotationRules.ValidateKey(new string('a', 254) + "/k").Should().NotBeNull();
    }

    [Fact]
    public void Validate_Spec_LocatesKeysAndChecksTotalSize()
    {
        var spec = Specs.Minimal(version: "0.6.0") with
        {
            Annotations = CdiAnnotations.From([new("ok", "v"), new("a/b/c", "v")]),
            Devices = [new CdiDevice("d", new ContainerEdits { Env = ["A=b"] }) { Annotations = CdiAnnotations.From([new("big", new string('x', CdiAnnotationRules.MaxTotalSize))]) }],
        };

        CdiAnnotationRules.Validate(spec).Select(p => p.Path).Should().Equal("annotations[\"a/b/c\"]", "devices[0].annotations");
        CdiAnnotationRules.Validate(Specs.VfioClaim()).Should().BeEmpty();
    }
}
