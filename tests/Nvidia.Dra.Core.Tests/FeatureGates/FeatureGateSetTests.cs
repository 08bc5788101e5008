using Nvidia.Dra.Core.FeatureGates;

namespace Nvidia.Dra.Core.Tests.FeatureGates;

public class FeatureGateSetTests
{
    [Fact]
    public void Defaults_PassthroughAndMetadata_AreOffAlpha()
    {
        FeatureGateSet.Defaults.PassthroughSupport.Should().BeFalse();
        FeatureGateSet.Defaults.DeviceMetadata.Should().BeFalse();
        FeatureGateCatalog.Find("PassthroughSupport")!.Stage.Should().Be(FeatureStage.Alpha);
        FeatureGateCatalog.Find("DeviceMetadata")!.Stage.Should().Be(FeatureStage.Alpha);
        FeatureGateSet.Defaults.IsEnabled("IMEXDaemonsWithDNSNames").Should().BeTrue();
        FeatureGateSet.Defaults.ToString().Should().BeEmpty();
    }

    [Fact]
    public void Parse_GuideGates_EnablesBoth()
    {
        var gates = FeatureGateSet.Parse("PassthroughSupport=true,DeviceMetadata=true");

        gates.PassthroughSupport.Should().BeTrue();
        gates.DeviceMetadata.Should().BeTrue();
        gates.ToString().Should().Be("DeviceMetadata=true,PassthroughSupport=true");
    }

    [Theory]
    [InlineData("PassthroughSupport=1", true)]
    [InlineData("PassthroughSupport=t", true)]
    [InlineData("PassthroughSupport=True", true)]
    [InlineData("PassthroughSupport=TRUE", true)]
    [InlineData(" PassthroughSupport = true , ", true)]
    [InlineData("PassthroughSupport=0", false)]
    [InlineData("PassthroughSupport=F", false)]
    [InlineData("PassthroughSupport=false", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Parse_GoBooleanForms_Accepted(string? flag, bool expected) =>
        FeatureGateSet.Parse(flag).PassthroughSupport.Should().Be(expected);

    [Theory]
    [InlineData("PassthroughSupport=yes", "'PassthroughSupport' has invalid value 'yes'")]
    [InlineData("PassthroughSupport=", "'PassthroughSupport' has invalid value ''")]
    [InlineData("PassthroughSupport", "'PassthroughSupport' has no value")]
    [InlineData("PasthroughSupport=true", "'PasthroughSupport'")]
    [InlineData("passthroughsupport=true", "'passthroughsupport'")]
    [InlineData("PassthroughSupport=true,PassthroughSupport=false", "set more than once")]
    public void Parse_BadEntry_RejectedNamingIt(string flag, string expectedFragment)
    {
        var act = () => FeatureGateSet.Parse(flag);

        act.Should().Throw<FeatureGateException>().WithMessage($"*{expectedFragment}*");
    }

    [Fact]
    public void Parse_UnknownGate_ListsKnownGates()
    {
        var act = () => FeatureGateSet.Parse("Nope=true");

        act.Should().Throw<FeatureGateException>().WithMessage("*unknown feature gate(s) 'Nope'*known gates*PassthroughSupport*DeviceMetadata*");
    }

    [Theory]
    [InlineData("DeviceMetadata=true", "DeviceMetadata requires PassthroughSupport")]
    [InlineData("PassthroughSupport=true,DynamicMIG=true", "DynamicMIG and PassthroughSupport are mutually exclusive")]
    [InlineData("PassthroughSupport=true,NVMLDeviceHealthCheck=true", "PassthroughSupport and NVMLDeviceHealthCheck are mutually exclusive")]
    [InlineData("DynamicMIG=true,NVMLDeviceHealthCheck=true", "DynamicMIG and NVMLDeviceHealthCheck are mutually exclusive")]
    [InlineData("DynamicMIG=true,MPSSupport=true", "DynamicMIG and MPSSupport are mutually exclusive")]
    [InlineData("IMEXDaemonsWithDNSNames=false", "ComputeDomainCliques requires IMEXDaemonsWithDNSNames")]
    public void Parse_BrokenDependency_Rejected(string flag, string expectedFragment)
    {
        var act = () => FeatureGateSet.Parse(flag);

        act.Should().Throw<FeatureGateException>().WithMessage($"*{expectedFragment}*");
    }

    [Fact]
    public void Parse_SeveralViolations_ReportsAll()
    {
        var act = () => FeatureGateSet.Parse("DeviceMetadata=true,DynamicMIG=true,NVMLDeviceHealthCheck=true");

        act.Should().Throw<FeatureGateException>()
            .Which.Message.Should().Contain("DeviceMetadata requires PassthroughSupport")
            .And.Contain("DynamicMIG and NVMLDeviceHealthCheck");
    }

    [Theory]
    [InlineData("PassthroughSupport=true,FabricManagerPartitioning=true")]
    [InlineData("PassthroughSupport=true,DeviceMetadata=true,TimeSlicingSettings=true,MPSSupport=true")]
    [InlineData("ComputeDomainCliques=false,IMEXDaemonsWithDNSNames=false")]
    public void Parse_AllowedCombination_Accepted(string flag) =>
        FeatureGateSet.Parse(flag).Should().NotBeNull();

    [Fact]
    public void FromConfiguration_TextValues_ParsedLikeTheFlag()
    {
        var gates = FeatureGateSet.FromConfiguration(new Dictionary<string, string?>
        {
            ["PassthroughSupport"] = "true",
            ["DeviceMetadata"] = "1",
        });

        gates.DeviceMetadata.Should().BeTrue();
    }

    [Fact]
    public void FromConfiguration_BadValue_NamesGateAndValue()
    {
        var act = () => FeatureGateSet.FromConfiguration(new Dictionary<string, string?> { ["DeviceMetadata"] = "on" });

        act.Should().Throw<FeatureGateException>().WithMessage("*'DeviceMetadata' has invalid value 'on'*");
    }

    [Fact]
    public void IsEnabled_UnknownName_Throws()
    {
        var act = () => FeatureGateSet.Defaults.IsEnabled("Whatever");

        act.Should().Throw<FeatureGateException>();
    }

    [Fact]
    public void FromOptions_FlagOverridesDictionary_DependenciesCheckedOnTheMerge()
    {
        var options = new NvidiaDraOptions { FeatureGatesFlag = "DeviceMetadata=true" };
        options.FeatureGates["PassthroughSupport"] = true;

        var gates = FeatureGateSetFactory.FromOptions(options);

        gates.PassthroughSupport.Should().BeTrue();
        gates.DeviceMetadata.Should().BeTrue();

        options.FeatureGatesFlag = "DeviceMetadata=true,PassthroughSupport=false";
        var act = () => FeatureGateSetFactory.FromOptions(options);
        act.Should().Throw<FeatureGateException>().WithMessage("*PassthroughSupport*");
    }
}
