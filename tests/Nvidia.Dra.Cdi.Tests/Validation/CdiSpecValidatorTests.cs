using Nvidia.Dra.Cdi.Tests.TestSupport;

namespace Nvidia.Dra.Cdi.Tests.Validation;

public class CdiSpecValidatorTests
{
    private static CdiSpec WithDeviceEdits(ContainerEdits edits, string version = "1.1.0") =>
        new(version, "vendor.com/device") { Devices = [new CdiDevice("dev1", edits)] };

    private static IEnumerable<CdiValidationProblem> ProblemsOf(ContainerEdits edits) =>
        CdiSpecValidator.Validate(WithDeviceEdits(edits));

    [Fact]
    public void Validate_ValidSpecs_HaveNoProblems()
    {
        CdiSpecValidator.Validate(Specs.Minimal()).Should().BeEmpty();
        CdiSpecValidator.Validate(Specs.VfioClaim()).Should().BeEmpty();
        CdiSpecValidator.Validate(Specs.Everything()).Should().BeEmpty();
        CdiSpecValidator.IsValid(Specs.Minimal()).Should().BeTrue();
    }

    [Theory]
    [InlineData("FOO=BAR", true)]
    [InlineData("FOO=", true)]
    [InlineData("A=B=C", true)]
    [InlineData("NVIDIA_VISIBLE_DEVICES=void", true)]
    [InlineData("", false)]
    [InlineData("=foo", false)]
    [InlineData("FOOBAR", false)]
    public void Validate_Env(string env, bool valid)
    {
        var problems = ProblemsOf(new() { Env = [env] });
        if (valid)
        {
            problems.Should().BeEmpty();
        }
        else
        {
            problems.Should().ContainSingle().Which.Path.Should().Be("devices[0].containerEdits.env[0]");
        }
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("b", true)]
    [InlineData("c", true)]
    [InlineData("u", true)]
    [InlineData("p", true)]
    [InlineData("x", false)]
    [InlineData("C", false)]
    [InlineData("bc", false)]
    public void Validate_DeviceNodeType(string type, bool valid)
    {
        var problems = ProblemsOf(new() { DeviceNodes = [new DeviceNode("/dev/x") { Type = type }] });
        (problems.Any() ? problems.Single().Path : null).Should().Be(valid ? null : "devices[0].containerEdits.deviceNodes[0].type");
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("none", true)]
    [InlineData("r", true)]
    [InlineData("rw", true)]
    [InlineData("rwm", true)]
    [InlineData("mwr", true)]
    [InlineData("rrww", true)]
    [InlineData("rx", false)]
    [InlineData("RW", false)]
    [InlineData("None", false)]
    [InlineData("r w", false)]
    public void Validate_DeviceNodePermissions(string permissions, bool valid)
    {
        var problems = ProblemsOf(new() { DeviceNodes = [new DeviceNode("/dev/vfio/12") { Permissions = permissions }] });
        (problems.Any() ? problems.Single().Path : null).Should().Be(valid ? null : "devices[0].containerEdits.deviceNodes[0].permissions");
    }

    [Fact]
    public void Validate_DeviceNodePath_EmptyIsInvalidRelativeIsValid()
    {
        ProblemsOf(new() { DeviceNodes = [new DeviceNode("relative/ok") { Major = -5, FileMode = 0 }] }).Should().BeEmpty();
        ProblemsOf(new() { DeviceNodes = [new DeviceNode(string.Empty)] }).Should().ContainSingle()
            .Which.Should().Be(new CdiValidationProblem("devices[0].containerEdits.deviceNodes[0].path", "invalid (empty) device path"));
    }

    [Theory]
    [InlineData("prestart", true)]
    [InlineData("createRuntime", true)]
    [InlineData("createContainer", true)]
    [InlineData("startContainer", true)]
    [InlineData("poststart", true)]
    [InlineData("poststop", true)]
    [InlineData("CreateContainer", false)]
    [InlineData("", false)]
    [InlineData("prestop", false)]
    public void Validate_HookName(string name, bool valid)
    {
        var problems = ProblemsOf(new() { Hooks = [new Hook(name, "/bin/hook") { Timeout = -1 }] });
        (problems.Any() ? problems.Single().Path : null).Should().Be(valid ? null : "devices[0].containerEdits.hooks[0].hookName");
    }

    [Fact]
    public void Validate_Hook_EmptyPathAndBadEnv()
    {
        ProblemsOf(new() { Hooks = [new Hook("poststop", "relative")] }).Should().BeEmpty();
        ProblemsOf(new() { Hooks = [new Hook("poststop", string.Empty) { Env = ["ok=1", "bad"] }] })
            .Select(p => p.Path).Should().Equal("devices[0].containerEdits.hooks[0].path", "devices[0].containerEdits.hooks[0].env[1]");
    }

    [Fact]
    public void Validate_Mounts()
    {
        ProblemsOf(new() { Mounts = [new Mount("tmpfs", "/c")] }).Should().BeEmpty();
        ProblemsOf(new() { Mounts = [new Mount(string.Empty, string.Empty)] }).Select(p => p.Path)
            .Should().Equal("devices[0].containerEdits.mounts[0].hostPath", "devices[0].containerEdits.mounts[0].containerPath");
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("/", true)]
    [InlineData("clos1", true)]
    [InlineData("..hidden", true)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("a/b", false)]
    [InlineData("a\nb", false)]
    public void Validate_IntelRdtClosId(string closId, bool valid)
    {
        var problems = ProblemsOf(new() { IntelRdt = new IntelRdt { ClosId = closId } });
        (problems.Any() ? problems.Single().Path : null).Should().Be(valid ? null : "devices[0].containerEdits.intelRdt.closID");
    }

    [Fact]
    public void Validate_IntelRdtClosIdLength()
    {
        ProblemsOf(new() { IntelRdt = new IntelRdt { ClosId = new string('a', 4095) } }).Should().BeEmpty();
        ProblemsOf(new() { IntelRdt = new IntelRdt { ClosId = new string('a', 4096) } }).Should().ContainSingle();
    }

    [Fact]
    public void Validate_NetDevices()
    {
        ProblemsOf(new() { NetDevices = [new LinuxNetDevice("eth0", "net0"), new LinuxNetDevice("eth1", "net1")] }).Should().BeEmpty();
        ProblemsOf(new() { NetDevices = [new LinuxNetDevice(string.Empty, "net0")] }).Single().Path.Should().Be("devices[0].containerEdits.netDevices[0].hostInterfaceName");
        ProblemsOf(new() { NetDevices = [new LinuxNetDevice("eth0", string.Empty)] }).Single().Path.Should().Be("devices[0].containerEdits.netDevices[0].name");
        ProblemsOf(new() { NetDevices = [new LinuxNetDevice("eth0", "a"), new LinuxNetDevice("eth0", "b")] }).Single().Path.Should().Be("devices[0].containerEdits.netDevices[1].hostInterfaceName");
        ProblemsOf(new() { NetDevices = [new LinuxNetDevice("eth0", "a"), new LinuxNetDevice("eth1", "a")] }).Single().Path.Should().Be("devices[0].containerEdits.netDevices[1].name");
    }

    [Fact]
    public void Validate_DeviceEdits_EmptyIsInvalidButSpecEditsMayBeEmpty()
    {
        var spec = new CdiSpec("0.3.0", "vendor.com/device") { Devices = [new CdiDevice("dev1", ContainerEdits.Empty)] };
        CdiSpecValidator.Validate(spec).Should().ContainSingle().Which.Path.Should().Be("devices[0].containerEdits");
        CdiSpecValidator.Validate(Specs.Minimal() with { ContainerEdits = ContainerEdits.Empty }).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(NonEmptyEdits))]
    public void Validate_DeviceEdits_AnySingleEditIsEnough(ContainerEdits edits) =>
        CdiSpecValidator.Validate(WithDeviceEdits(edits)).Should().BeEmpty();

    public static TheoryData<ContainerEdits> NonEmptyEdits() =>
    [
        new() { Env = ["A=b"] },
        new() { DeviceNodes = [new DeviceNode("/dev/x")] },
        new() { Hooks = [new Hook("poststop", "/bin/x")] },
        new() { Mounts = [new Mount("/a", "/b")] },
        new() { AdditionalGids = [0] },
        new() { IntelRdt = new IntelRdt() },
        new() { NetDevices = [new LinuxNetDevice("a", "b")] },
    ];

    [Fact]
    public void Validate_NoDevices_IsInvalid() =>
        CdiSpecValidator.Validate(Specs.Minimal() with { Devices = [] }).Should().ContainSingle().Which.Path.Should().Be("devices");

    [Fact]
    public void Validate_DuplicateDeviceNames_IsInvalid()
    {
        var spec = Specs.Minimal() with
        {
            Devices = [new("dev1", new() { Env = ["A=1"] }), new("dev2", new() { Env = ["A=1"] }), new("dev1", new() { Env = ["A=1"] })],
        };
        CdiSpecValidator.Validate(spec).Should().ContainSingle().Which.Path.Should().Be("devices[2].name");
    }

    [Theory]
    [InlineData("vendor.com/device", true)]
    [InlineData("vendor.com-/device", false)]
    [InlineData("vendor.com/device=", false)]
    [InlineData("", false)]
    [InlineData("a/b", true)]
    public void Validate_Kind(string kind, bool valid)
    {
        var problems = CdiSpecValidator.Validate(Specs.Minimal(kind, version: "0.6.0"));
        (problems.Any() ? problems.Single().Path : null).Should().Be(valid ? null : "kind");
    }

    [Fact]
    public void Validate_DeviceNameStartingWithDigit_NeedsVersion050()
    {
        CdiSpecValidator.Validate(Specs.Minimal(device: "0")).Should().ContainSingle()
            .Which.Should().Be(new CdiValidationProblem("cdiVersion", "the spec version must be at least v0.5.0"));
        CdiSpecValidator.Validate(Specs.Minimal(device: "0", version: "0.5.0")).Should().BeEmpty();
    }

    [Fact]
    public void Validate_AnnotationKeysAreNotChecked_LikeTheReferenceLibrary()
    {
        var spec = Specs.Minimal(version: "0.6.0") with { Annotations = CdiAnnotations.From([new("not a qualified/name/at all", "x")]) };
        CdiSpecValidator.Validate(spec).Should().BeEmpty();
    }

    [Fact]
    public void Validate_ManyProblems_ReportsAllWithLocations()
    {
        var spec = new CdiSpec("0.3.0", "9vendor.com/gpu")
        {
            Devices =
            [
                new CdiDevice("gpu-", new ContainerEdits { Env = ["=x"], DeviceNodes = [new DeviceNode(string.Empty) { Type = "z", Permissions = "x" }] }),
                new CdiDevice("ok", new ContainerEdits { Mounts = [new Mount("/a", string.Empty)] }),
                new CdiDevice("ok", ContainerEdits.Empty),
            ],
            ContainerEdits = new ContainerEdits { Hooks = [new Hook("bad", "/x")], DeviceNodes = [new DeviceNode("/dev/a") { HostPath = "/dev/a" }] },
        };

        CdiSpecValidator.Validate(spec).Select(p => p.Path).Should().Equal(
            "cdiVersion",
            "kind",
            "containerEdits.hooks[0].hookName",
            "devices[0].name",
            "devices[0].containerEdits.env[0]",
            "devices[0].containerEdits.deviceNodes[0].path",
            "devices[0].containerEdits.deviceNodes[0].type",
            "devices[0].containerEdits.deviceNodes[0].permissions",
            "devices[1].containerEdits.mounts[0].containerPath",
            "devices[2].name",
            "devices[2].containerEdits");
    }

    [Fact]
    public void ThrowIfInvalid_InvalidSpec_ThrowsWithFileAndProblems()
    {
        var act = () => CdiSpecValidator.ThrowIfInvalid(Specs.Minimal(version: "9.9.9"), "/etc/cdi/x.yaml");
        var ex = act.Should().Throw<CdiSpecException>().Which;
        ex.FilePath.Should().Be("/etc/cdi/x.yaml");
        ex.Problems.Should().ContainSingle().Which.Path.Should().Be("cdiVersion");
        ex.Message.Should().Contain("/etc/cdi/x.yaml").And.Contain("cdiVersion: invalid version \"9.9.9\"");
        ex.Should().BeAssignableTo<CdiException>();
    }

    [Fact]
    public void Validate_Null_Throws()
    {
        FluentActions.Invoking(() => CdiSpecValidator.Validate(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => CdiSpecValidator.ValidateEdits(null!)).Should().Throw<ArgumentNullException>();
    }
}
