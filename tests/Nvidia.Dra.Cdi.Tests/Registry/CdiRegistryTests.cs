using System.IO.Abstractions.TestingHelpers;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Cdi.Tests.TestSupport;

namespace Nvidia.Dra.Cdi.Tests.Registry;

public class CdiRegistryTests
{
    private const string Static = "/etc/cdi";
    private const string Dynamic = "/var/run/cdi";

    private readonly MockFileSystem _fileSystem = new();

    private static string Spec(string kind, params (string Name, string Env)[] devices) =>
        CdiSpecSerializer.ToYaml(new CdiSpec("0.5.0", kind)
        {
            Devices = [.. devices.Select(d => new CdiDevice(d.Name, new ContainerEdits { Env = [d.Env] }))],
            ContainerEdits = new ContainerEdits { Env = ["SPEC=" + kind] },
        });

    private void AddFile(string path, string content) => _fileSystem.AddFile(path, new MockFileData(content));

    private Task<CdiRegistrySnapshot> Refresh(FakeLogger? logger = null) =>
        new CdiRegistry([Static, Dynamic], _fileSystem, logger is null ? null : new FakeLogger<CdiRegistry>(logger.Collector)).RefreshAsync();

    [Fact]
    public async Task Refresh_LoadsJsonAndYamlOnly()
    {
        AddFile("/etc/cdi/a.yaml", Spec("vendor.com/a", ("dev", "A=1")));
        AddFile("/etc/cdi/b.json", CdiSpecSerializer.ToJson(CdiSpecSerializer.Load(Spec("vendor.com/b", ("dev", "B=1")))));
        AddFile("/etc/cdi/c.yml", Spec("vendor.com/c", ("dev", "C=1")));
        AddFile("/etc/cdi/d.YAML", Spec("vendor.com/d", ("dev", "D=1")));
        AddFile("/etc/cdi/e.yaml.tmp", Spec("vendor.com/e", ("dev", "E=1")));
        AddFile("/etc/cdi/sub/f.yaml", Spec("vendor.com/f", ("dev", "F=1")));
        _fileSystem.AddDirectory("/etc/cdi/dir.yaml");

        var snapshot = await Refresh();

        snapshot.DeviceNames.Should().Equal("vendor.com/a=dev", "vendor.com/b=dev");
        snapshot.Errors.Should().BeEmpty();
        snapshot.Specs.Select(s => s.Path).Should().Equal("/etc/cdi/a.yaml", "/etc/cdi/b.json");
    }

    [Fact]
    public async Task Refresh_MissingDirectories_AreSkipped()
    {
        var logger = new FakeLogger();

        var snapshot = await Refresh(logger);

        snapshot.Devices.Should().BeEmpty();
        snapshot.Errors.Should().BeEmpty();
        logger.Collector.GetSnapshot().Count(r => r.Id.Id == CdiEventIds.SpecDirectoryMissing).Should().Be(2);
    }

    [Fact]
    public async Task Refresh_BadFile_IsReportedAndOthersStillLoad()
    {
        AddFile("/etc/cdi/good.yaml", Spec("vendor.com/a", ("dev", "A=1")));
        AddFile("/etc/cdi/garbled.yaml", "xyzzy: garbled\n");
        AddFile("/etc/cdi/invalid.yaml", Spec("vendor.com/b", ("dev", "=bad")));
        AddFile("/etc/cdi/empty.json", string.Empty);
        var logger = new FakeLogger();

        var snapshot = await Refresh(logger);

        snapshot.DeviceNames.Should().Equal("vendor.com/a=dev");
        snapshot.Errors.Keys.Should().Equal("/etc/cdi/empty.json", "/etc/cdi/garbled.yaml", "/etc/cdi/invalid.yaml");
        snapshot.Errors["/etc/cdi/garbled.yaml"].Single().Should().Contain("unknown field \"xyzzy\"");
        snapshot.Errors["/etc/cdi/invalid.yaml"].Single().Should().Contain("devices[0].containerEdits.env[0]");
        logger.Collector.GetSnapshot().Count(r => r.Id.Id == CdiEventIds.SpecLoadFailed).Should().Be(3);
    }

    [Fact]
    public async Task Refresh_LaterDirectoryWins()
    {
        AddFile("/etc/cdi/vendor.yaml", Spec("vendor.com/gpu", ("0", "FROM=etc"), ("1", "FROM=etc")));
        AddFile("/var/run/cdi/vendor.yaml", Spec("vendor.com/gpu", ("0", "FROM=run")));

        var snapshot = await Refresh();

        snapshot.Errors.Should().BeEmpty();
        snapshot.Devices["vendor.com/gpu=0"].Spec.Path.Should().Be("/var/run/cdi/vendor.yaml");
        snapshot.Devices["vendor.com/gpu=0"].Spec.Priority.Should().Be(1);
        snapshot.Devices["vendor.com/gpu=1"].Spec.Path.Should().Be("/etc/cdi/vendor.yaml");
        snapshot.GetContainerEdits("vendor.com/gpu=0").Env.Should().Equal("SPEC=vendor.com/gpu", "FROM=run");
    }

    [Fact]
    public async Task Refresh_SamePriorityConflict_RemovesDeviceAndReportsBothFiles()
    {
        AddFile("/var/run/cdi/a.yaml", Spec("vendor.com/gpu", ("0", "A=1"), ("1", "A=1")));
        AddFile("/var/run/cdi/b.yaml", Spec("vendor.com/gpu", ("0", "B=1"), ("2", "B=1")));
        var logger = new FakeLogger();

        var snapshot = await Refresh(logger);

        snapshot.DeviceNames.Should().Equal("vendor.com/gpu=1", "vendor.com/gpu=2");
        const string message = "conflicting device \"vendor.com/gpu=0\" (specs \"/var/run/cdi/b.yaml\", \"/var/run/cdi/a.yaml\")";
        snapshot.Errors["/var/run/cdi/a.yaml"].Should().Equal(message);
        snapshot.Errors["/var/run/cdi/b.yaml"].Should().Equal(message);
        snapshot.Specs.Should().HaveCount(2);
        logger.Collector.GetSnapshot().Should().Contain(r => r.Id.Id == CdiEventIds.DeviceConflict);
    }

    [Fact]
    public async Task Refresh_ConflictInLowerDirectory_RemovesDeviceEvenIfHigherDefinesIt()
    {
        AddFile("/etc/cdi/a.yaml", Spec("vendor.com/gpu", ("0", "A=1")));
        AddFile("/etc/cdi/b.yaml", Spec("vendor.com/gpu", ("0", "B=1")));
        AddFile("/var/run/cdi/c.yaml", Spec("vendor.com/gpu", ("0", "C=1")));

        var snapshot = await Refresh();

        snapshot.Devices.Should().BeEmpty();
        snapshot.Errors.Keys.Should().Equal("/etc/cdi/a.yaml", "/etc/cdi/b.yaml");
    }

    [Fact]
    public async Task Refresh_LowerPriorityDuplicate_IsShadowedSilently()
    {
        AddFile("/var/run/cdi/a.yaml", Spec("vendor.com/gpu", ("0", "RUN=1")));
        AddFile("/etc/cdi/a.yaml", Spec("vendor.com/gpu", ("0", "ETC=1")));

        var snapshot = await Refresh();

        snapshot.Errors.Should().BeEmpty();
        snapshot.Devices["vendor.com/gpu=0"].Device.ContainerEdits.Env.Should().Equal("RUN=1");
    }

    [Fact]
    public async Task ResolveContainerEdits_AppliesSpecEditsOncePerSpec()
    {
        AddFile("/etc/cdi/gpu.yaml", Spec("vendor.com/gpu", ("0", "G0=1"), ("1", "G1=1")));
        AddFile("/etc/cdi/net.yaml", Spec("vendor.com/net", ("0", "N0=1")));

        var snapshot = await Refresh();
        var edits = snapshot.ResolveContainerEdits(["vendor.com/gpu=0", "vendor.com/net=0", "vendor.com/gpu=1"]);

        edits.Env.Should().Equal("SPEC=vendor.com/gpu", "G0=1", "SPEC=vendor.com/net", "N0=1", "G1=1");
        snapshot.TryGetDevice("vendor.com/gpu=0", out var device).Should().BeTrue();
        device!.MergedContainerEdits.Env.Should().Equal("SPEC=vendor.com/gpu", "G0=1");
    }

    [Fact]
    public async Task ResolveContainerEdits_UnknownDevices_ListsAll()
    {
        AddFile("/etc/cdi/gpu.yaml", Spec("vendor.com/gpu", ("0", "G0=1")));
        var snapshot = await Refresh();

        var act = () => snapshot.ResolveContainerEdits(["vendor.com/gpu=9", "vendor.com/gpu=0", "other.com/x=1"]);

        var ex = act.Should().Throw<CdiDeviceNotFoundException>().Which;
        ex.Devices.Should().Equal("vendor.com/gpu=9", "other.com/x=1");
        ex.Message.Should().StartWith("unresolvable CDI devices vendor.com/gpu=9, other.com/x=1");
        snapshot.TryGetDevice("vendor.com/gpu=9", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Refresh_PicksUpChangesAndKeepsCurrent()
    {
        var registry = new CdiRegistry(Options.Create(new CdiOptions()), _fileSystem);
        registry.Current.Devices.Should().BeEmpty();
        AddFile("/var/run/cdi/claim.yaml", CdiSpecSerializer.ToYaml(Specs.VfioClaim()));

        var first = await registry.RefreshAsync();
        first.DeviceNames.Should().ContainSingle().Which.Should().StartWith("k8s.gpu.nvidia.com/claim=");
        registry.Current.Should().BeSameAs(first);

        _fileSystem.File.Delete("/var/run/cdi/claim.yaml");
        (await registry.RefreshAsync()).Devices.Should().BeEmpty();
        registry.SpecDirectories.Should().Equal(Static, Dynamic);
    }

    [Fact]
    public async Task Refresh_Cancelled_KeepsPreviousSnapshot()
    {
        AddFile("/etc/cdi/a.yaml", Spec("vendor.com/a", ("dev", "A=1")));
        var registry = new CdiRegistry([Static], _fileSystem);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await FluentActions.Awaiting(() => registry.RefreshAsync(cts.Token)).Should().ThrowAsync<OperationCanceledException>();
        registry.Current.Should().BeSameAs(CdiRegistrySnapshot.Empty);
    }

    [Theory]
    [InlineData("/etc/cdi/", "/etc/cdi")]
    [InlineData("/etc//cdi/./", "/etc/cdi")]
    [InlineData("/var/run/../run/cdi", "/var/run/cdi")]
    [InlineData("/../x", "/x")]
    [InlineData("rel/../..", "..")]
    [InlineData("./", ".")]
    public void Constructor_CleansDirectories(string directory, string expected) =>
        new CdiRegistry([directory], _fileSystem).SpecDirectories.Should().Equal(expected);

    [Fact]
    public void Constructor_NoDirectories_UsesDefaults() =>
        new CdiRegistry([], _fileSystem).SpecDirectories.Should().Equal(Static, Dynamic);

    [Fact]
    public void Constructor_ValidatesArguments()
    {
        FluentActions.Invoking(() => new CdiRegistry((IEnumerable<string>)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new CdiRegistry([" "])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new CdiRegistry((IOptions<CdiOptions>)null!)).Should().Throw<ArgumentNullException>();
    }
}
