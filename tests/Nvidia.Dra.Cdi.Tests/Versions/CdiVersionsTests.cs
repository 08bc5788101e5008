using Nvidia.Dra.Cdi.Tests.TestSupport;

namespace Nvidia.Dra.Cdi.Tests.Versions;

public class CdiVersionsTests
{
    private static CdiSpec Empty => new(string.Empty, string.Empty);

    private static CdiSpec WithEdits(ContainerEdits edits) => Empty with { ContainerEdits = edits };

    private static CdiSpec WithDevice(CdiDevice device) => Empty with { Devices = [device] };

    public static TheoryData<string, CdiSpec, string> RequiredVersionCases() => new()
    {
        { "empty spec", Empty, "0.3.0" },
        { "hostPath", WithEdits(new() { DeviceNodes = [new DeviceNode(string.Empty) { HostPath = "/host/path/set" }] }), "0.5.0" },
        { "hostPath equal to path", WithEdits(new() { DeviceNodes = [new DeviceNode("/some/path") { HostPath = "/some/path" }] }), "0.5.0" },
        { "device-level hostPath", WithDevice(new("dev", new() { DeviceNodes = [new DeviceNode("/a") { HostPath = "/b" }] })), "0.5.0" },
        { "mount type", WithEdits(new() { Mounts = [new Mount(string.Empty, string.Empty) { Type = "bind" }] }), "0.4.0" },
        { "device mount type", WithDevice(new("dev", new() { Mounts = [new Mount("/a", "/b") { Type = "tmpfs" }] })), "0.4.0" },
        {
            "newest wins",
            Empty with
            {
                Annotations = CdiAnnotations.From([new("key", "value")]),
                ContainerEdits = new() { DeviceNodes = [new DeviceNode(string.Empty) { HostPath = "/h" }], Mounts = [new Mount(string.Empty, string.Empty) { Type = "bind" }] },
            },
            "0.6.0"
        },
        { "device name starting with digit", WithDevice(new("0", new() { Env = ["FOO=bar"] })), "0.5.0" },
        { "device name starting with letter", WithDevice(new("device0", new() { Env = ["FOO=bar"] })), "0.3.0" },
        { "spec annotations", Empty with { Annotations = CdiAnnotations.From([new("key", "value")]) }, "0.6.0" },
        { "device annotations", WithDevice(new CdiDevice("device0", new() { Env = ["FOO=bar"] }) { Annotations = CdiAnnotations.From([new("key", "value")]) }), "0.6.0" },
        { "dotted class", Empty with { Kind = "vendor.com/class.sub" }, "0.6.0" },
        { "dotted vendor only", Empty with { Kind = "vendor.com/class" }, "0.3.0" },
        { "dot after second slash", Empty with { Kind = "vendor/a/b.c" }, "0.6.0" },
        { "intelRdt", WithEdits(new() { IntelRdt = new IntelRdt { ClosId = "foo" } }), "0.7.0" },
        { "empty intelRdt", WithEdits(new() { IntelRdt = new IntelRdt() }), "0.7.0" },
        { "device intelRdt", WithDevice(new("device0", new() { IntelRdt = new IntelRdt { ClosId = "foo" } })), "0.7.0" },
        { "additionalGids", WithEdits(new() { AdditionalGids = [5] }), "0.7.0" },
        { "additionalGids only zero", WithEdits(new() { AdditionalGids = [0] }), "0.7.0" },
        { "device additionalGids", WithDevice(new("device0", new() { AdditionalGids = [5] })), "0.7.0" },
        { "intelRdt schemata", WithEdits(new() { IntelRdt = new IntelRdt { Schemata = ["L3:0=f"] } }), "1.1.0" },
        { "intelRdt empty schemata", WithEdits(new() { IntelRdt = new IntelRdt { Schemata = [] } }), "1.1.0" },
        { "intelRdt enableMonitoring", WithDevice(new("d", new() { IntelRdt = new IntelRdt { EnableMonitoring = true } })), "1.1.0" },
        { "netDevices", WithEdits(new() { NetDevices = [new LinuxNetDevice("eth0", "eth1")] }), "1.1.0" },
        { "device netDevices", WithDevice(new("d", new() { NetDevices = [new LinuxNetDevice("eth0", "eth1")] })), "1.1.0" },
        { "VFIO claim spec", Specs.VfioClaim(), "0.5.0" },
    };

    [Theory]
    [MemberData(nameof(RequiredVersionCases))]
    public void MinimumRequired_Features_GiveVersion(string description, CdiSpec spec, string expected)
    {
        CdiVersions.MinimumRequired(spec).Should().Be(expected, description);
    }

    [Theory]
    [InlineData("0.3.0", true)]
    [InlineData("v0.3.0", true)]
    [InlineData("0.4.0", true)]
    [InlineData("0.8.0", true)]
    [InlineData("1.0.0", true)]
    [InlineData("1.1.0", true)]
    [InlineData("v1.1.0", true)]
    [InlineData("0.1.0", false)]
    [InlineData("0.2.0", false)]
    [InlineData("", false)]
    [InlineData("0.0.0", false)]
    [InlineData("1.0.1", false)]
    [InlineData("1.2.0", false)]
    [InlineData("1.1", false)]
    [InlineData("V1.1.0", false)]
    [InlineData("vv1.1.0", false)]
    [InlineData(" 1.1.0", false)]
    public void Validate_DeclaredVersion(string version, bool valid)
    {
        var spec = Specs.Minimal(version: version);
        (CdiVersions.Validate(spec) is null).Should().Be(valid);
    }

    [Fact]
    public void Validate_UnknownVersion_QuotesIt() =>
        CdiVersions.Validate(Specs.Minimal(version: "1.0.1")).Should().StartWith("invalid version \"1.0.1\"");

    [Theory]
    [InlineData("0.1.0", "0.3.0")]
    [InlineData("0.2.0", "0.3.0")]
    [InlineData("0.3.0", "0.5.0")]
    [InlineData("v0.4.0", "0.5.0")]
    public void Validate_TooOld_SaysMinimum(string declared, string minimum)
    {
        var spec = Specs.VfioClaim() with { Version = declared };
        if (declared.Contains("0.1") || declared.Contains("0.2"))
        {
            spec = Specs.Minimal(version: declared);
        }

        CdiVersions.Validate(spec).Should().Be($"the spec version must be at least v{minimum}");
    }

    [Fact]
    public void Current_IsKnownAndValid()
    {
        CdiVersions.IsKnown(CdiVersions.Current).Should().BeTrue();
        CdiVersions.Validate(Specs.Minimal(version: CdiVersions.Current)).Should().BeNull();
        CdiVersions.Known.Should().StartWith("1.1.0").And.EndWith("0.1.0");
    }

    [Fact]
    public void WithMinimumVersion_SetsComputedVersion()
    {
        var spec = Specs.VfioClaim() with { Version = "1.1.0" };
        spec.WithMinimumVersion().Version.Should().Be("0.5.0");
        spec.NormalizedVersion.Should().Be("1.1.0");
        (spec with { Version = "v0.5.0" }).NormalizedVersion.Should().Be("0.5.0");
    }
}
