namespace Nvidia.Dra.Cdi.Tests.Names;

public class CdiContainerAnnotationsTests
{
    private const string P = CdiContainerAnnotations.Prefix;

    [Theory]
    [InlineData("vendor.class", "device", P + "vendor.class_device")]
    [InlineData("v-e.n_d.or.cl-as_s", "d_e-v-i-c_e", P + "v-e.n_d.or.cl-as_s_d_e-v-i-c_e")]
    [InlineData("v-e.n_d.or.cl-as_s", "d-e/v/i/c-e", P + "v-e.n_d.or.cl-as_s_d-e_v_i_c-e")]
    public void Key_Valid(string plugin, string deviceId, string expected) =>
        CdiContainerAnnotations.Key(plugin, deviceId).Should().Be(expected);

    [Theory]
    [InlineData("", "device")]
    [InlineData("plugin", "")]
    [InlineData("_vendor.class", "device")]
    [InlineData("vendor.class", "device_")]
    [InlineData("ven.dor-cl+ass", "device")]
    [InlineData("vendor.class", "dev+ice")]
    [InlineData("123456789012345678901234567890123456789012345678901234567", "device")]
    public void Key_Invalid_Throws(string plugin, string deviceId) =>
        FluentActions.Invoking(() => CdiContainerAnnotations.Key(plugin, deviceId)).Should().Throw<CdiNameException>();

    [Fact]
    public void Update_ThenParse_RoundTrips()
    {
        var annotations = CdiContainerAnnotations.Update(null, "vendor1.class", "device1", ["vendor1.com/class=device1"]);
        annotations = CdiContainerAnnotations.Update(annotations, "vendor1.class", "device2", ["vendor2.com/class=device1", "vendor2.com/class=device2"]);

        annotations.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            [P + "vendor1.class_device1"] = "vendor1.com/class=device1",
            [P + "vendor1.class_device2"] = "vendor2.com/class=device1,vendor2.com/class=device2",
        });
        var (keys, devices) = CdiContainerAnnotations.Parse(annotations.Add("other", "x"));
        keys.Should().Equal(P + "vendor1.class_device1", P + "vendor1.class_device2");
        devices.Should().Equal("vendor1.com/class=device1", "vendor2.com/class=device1", "vendor2.com/class=device2");
    }

    [Fact]
    public void Update_UsedKeyOrBadDevice_ThrowsAndLeavesInputIntact()
    {
        var existing = new Dictionary<string, string> { [P + "vendor3.class2_device"] = "vendor3.com/class2=device0" };

        FluentActions.Invoking(() => CdiContainerAnnotations.Update(existing, "vendor3.class2", "device", ["vendor3.com/class2=device1"]))
            .Should().Throw<CdiNameException>().WithMessage("*used*");
        FluentActions.Invoking(() => CdiContainerAnnotations.Update(existing, "vendor2.class", "device", ["vendor2.com/device2"]))
            .Should().Throw<CdiNameException>();
        FluentActions.Invoking(() => CdiContainerAnnotations.Update(existing, "vendor2.class", "device", ["/dev/null"]))
            .Should().Throw<CdiNameException>();
        existing.Should().ContainSingle();
    }

    [Theory]
    [InlineData("vendor3.com=device3")]
    [InlineData("/dev/null")]
    [InlineData("")]
    public void Parse_InvalidDevice_Throws(string value) =>
        FluentActions.Invoking(() => CdiContainerAnnotations.Parse(new Dictionary<string, string> { [P + "vendor.class_device"] = value }))
            .Should().Throw<CdiNameException>();

    [Fact]
    public void Value_JoinsWithCommas()
    {
        CdiContainerAnnotations.Value([]).Should().BeEmpty();
        CdiContainerAnnotations.Value(["a.com/b=c", "a.com/b=d"]).Should().Be("a.com/b=c,a.com/b=d");
    }
}
