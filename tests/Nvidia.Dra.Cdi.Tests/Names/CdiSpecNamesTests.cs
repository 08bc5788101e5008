using Nvidia.Dra.Cdi.Tests.TestSupport;

namespace Nvidia.Dra.Cdi.Tests.Names;

public class CdiSpecNamesTests
{
    [Fact]
    public void GenerateSpecName_JoinsVendorAndClass() =>
        CdiSpecNames.GenerateSpecName("vendor.com", "device").Should().Be("vendor.com-device");

    [Theory]
    [InlineData("ab/cd", "k8s.gpu.nvidia.com-claim_ab_cd")]
    [InlineData("4f0c2a8e-6a3b", "k8s.gpu.nvidia.com-claim_4f0c2a8e-6a3b")]
    [InlineData("../../etc", "k8s.gpu.nvidia.com-claim_.._.._etc")]
    public void GenerateTransientSpecName_ReplacesSlashes(string id, string expected) =>
        CdiSpecNames.GenerateTransientSpecName("k8s.gpu.nvidia.com", "claim", id).Should().Be(expected);

    [Fact]
    public void GenerateNameForSpec_UsesKind()
    {
        CdiSpecNames.GenerateNameForSpec(Specs.Minimal("nvidia.com/gpu")).Should().Be("nvidia.com-gpu");
        CdiSpecNames.GenerateNameForTransientSpec(Specs.VfioClaim(), "uid/1").Should().Be("k8s.gpu.nvidia.com-claim_uid_1");
    }

    [Theory]
    [InlineData("nokind")]
    [InlineData("/class")]
    [InlineData("vendor/")]
    public void GenerateNameForSpec_KindWithoutVendorOrClass_Throws(string kind)
    {
        var act = () => CdiSpecNames.GenerateNameForSpec(Specs.Minimal(kind));
        act.Should().Throw<CdiNameException>().WithMessage($"invalid vendor/class \"{kind}\" in Spec*");
        var transient = () => CdiSpecNames.GenerateNameForTransientSpec(Specs.Minimal(kind), "id");
        transient.Should().Throw<CdiNameException>();
    }

    [Theory]
    [InlineData("foo", "foo.yaml")]
    [InlineData("foo.json", "foo.json")]
    [InlineData("foo.yaml", "foo.yaml")]
    [InlineData("foo.yml", "foo.yml.yaml")]
    [InlineData("foo.JSON", "foo.JSON.yaml")]
    public void ToFileName_AppendsYamlUnlessJsonOrYaml(string name, string expected) =>
        CdiSpecNames.ToFileName(name).Should().Be(expected);

    [Theory]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("../escape", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("a\0b", false)]
    [InlineData("vendor.com-class_..", true)]
    [InlineData("nvidia.com-gpu", true)]
    public void ValidateFileName_Rules(string name, bool safe) =>
        (CdiSpecNames.ValidateFileName(name) is null).Should().Be(safe);

    [Fact]
    public void ValidateFileName_TooLong_IsRejected() =>
        CdiSpecNames.ValidateFileName(new string('a', 251)).Should().Contain("255");
}
