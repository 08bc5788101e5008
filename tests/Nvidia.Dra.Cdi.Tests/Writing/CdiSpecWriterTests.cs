using System.IO.Abstractions;
using System.IO.Abstractions.TestingHelpers;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Cdi.Tests.TestSupport;
using Nvidia.Dra.Cdi.Writing;

namespace Nvidia.Dra.Cdi.Tests.Writing;

public sealed class CdiSpecWriterTests : IDisposable
{
    private const string ClaimUid = "4f0c2a8e-6a3b-4a51-9d1e-2b7c5e9f0a11";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string SpecDirectory => _temp.Combine("cdi");

    private static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "Golden", name);

    private CdiSpecWriter Writer(IAtomicFileOperations? operations = null, FakeLogger? logger = null) =>
        new(SpecDirectory, operations ?? new FileSystemAtomicOperations(new FileSystem()), logger);

    private string[] FilesInDirectory() =>
        Directory.Exists(SpecDirectory) ? [.. Directory.GetFiles(SpecDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!] : [];

    [Fact]
    public async Task WriteTransientAsync_VfioClaimSpec_MatchesGoldenYaml()
    {
        var path = await Writer().WriteTransientAsync(Specs.VfioClaim(ClaimUid), ClaimUid);

        path.Should().Be(Path.Combine(SpecDirectory, $"k8s.gpu.nvidia.com-claim_{ClaimUid}.yaml"));
        File.ReadAllBytes(path).Should().Equal(File.ReadAllBytes(Golden("vfio-claim.yaml")));
        FilesInDirectory().Should().Equal($"k8s.gpu.nvidia.com-claim_{ClaimUid}.yaml");
    }

    [Fact]
    public async Task WriteAsync_JsonName_MatchesGoldenJson()
    {
        var path = await Writer().WriteAsync(Specs.VfioClaim(ClaimUid), "claim.json");

        File.ReadAllBytes(path).Should().Equal(File.ReadAllBytes(Golden("vfio-claim.json")));
    }

    [Theory]
    [InlineData("everything.yaml")]
    [InlineData("everything.json")]
    public async Task WriteAsync_EveryField_MatchesGoldenFile(string name)
    {
        var path = await Writer().WriteAsync(Specs.Everything(), name);

        File.ReadAllBytes(path).Should().Equal(File.ReadAllBytes(Golden(name)));
        CdiSpecSerializer.Load(File.ReadAllText(path)).Should().Be(Specs.Everything());
    }

    [Fact]
    public async Task WriteAsync_Result_HasMode0644()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = await Writer().WriteAsync(Specs.Minimal(), "spec");

        File.GetUnixFileMode(path).Should().Be(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Path.GetFileName(path).Should().Be("spec.yaml");
    }

    [Fact]
    public async Task WriteAsync_InvalidSpec_ThrowsAndWritesNothing()
    {
        var act = () => Writer().WriteAsync(Specs.Minimal(device: "bad-"), "spec");

        var ex = (await act.Should().ThrowAsync<CdiSpecException>()).Which;
        ex.Problems.Should().ContainSingle().Which.Path.Should().Be("devices[0].name");
        ex.FilePath.Should().Be(Path.Combine(SpecDirectory, "spec.yaml"));
        Directory.Exists(SpecDirectory).Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../escape")]
    [InlineData("sub/spec")]
    [InlineData("/etc/passwd")]
    [InlineData("a\0b")]
    public async Task WriteAsync_UnsafeName_ThrowsAndWritesNothing(string name)
    {
        var act = () => Writer().WriteAsync(Specs.Minimal(), name);

        (await act.Should().ThrowAsync<CdiNameException>()).Which.Value.Should().Be(name);
        Directory.Exists(SpecDirectory).Should().BeFalse();
        File.Exists(_temp.Combine("escape.yaml")).Should().BeFalse();
    }

    [Fact]
    public async Task WriteAsync_Existing_IsReplaced()
    {
        var writer = Writer();
        await writer.WriteAsync(Specs.Minimal(device: "old"), "spec");
        var path = await writer.WriteAsync(Specs.Minimal(device: "new"), "spec");

        CdiSpecSerializer.Load(File.ReadAllText(path)).Devices[0].Name.Should().Be("new");
        FilesInDirectory().Should().Equal("spec.yaml");
    }

    [Fact]
    public async Task WriteAsync_AfterTheRename_SyncsTheDirectorySoTheNewEntryIsDurable()
    {
        var operations = new FaultyOperations(new FileSystemAtomicOperations(new FileSystem()));

        var path = await Writer(operations).WriteAsync(Specs.Minimal(), "spec");

        operations.Operations.Should().Equal("replace " + path, "sync " + SpecDirectory);
    }

    [Fact]
    public void DirectorySync_RealDirectory_SyncsAndAMissingOneIsAnIOException()
    {
        Directory.CreateDirectory(SpecDirectory);

        DirectorySync.Sync(SpecDirectory);
        var missing = () => DirectorySync.Sync(_temp.Combine("missing"));

        missing.Should().Throw<IOException>().WithMessage("*missing*");
    }

    [Fact]
    public async Task WriteAsync_RenameFails_LeavesOldFileAndNoTemporaryFile()
    {
        var path = await Writer().WriteAsync(Specs.Minimal(device: "old"), "spec");
        var before = File.ReadAllBytes(path);
        var faulty = new FaultyOperations(new FileSystemAtomicOperations(new FileSystem())) { FailOnReplace = true };

        var act = () => Writer(faulty).WriteAsync(Specs.Minimal(device: "new"), "spec");

        (await act.Should().ThrowAsync<CdiException>()).Which.InnerException.Should().BeOfType<IOException>();
        File.ReadAllBytes(path).Should().Equal(before);
        faulty.TemporaryFiles.Should().ContainSingle().Which.Should().EndWith(".tmp");
        FilesInDirectory().Should().Equal("spec.yaml");
    }

    [Fact]
    public async Task WriteAsync_WriteFailsHalfway_LeavesOldFileAndNoTemporaryFile()
    {
        var path = await Writer().WriteAsync(Specs.Minimal(device: "old"), "spec");
        var before = File.ReadAllBytes(path);
        var faulty = new FaultyOperations(new FileSystemAtomicOperations(new FileSystem())) { FailDuringWrite = true };
        var logger = new FakeLogger();

        var act = () => Writer(faulty, logger).WriteAsync(Specs.Minimal(device: "new"), "spec");

        (await act.Should().ThrowAsync<CdiException>()).Which.Message.Should().Contain("spec.yaml").And.Contain("No space left");
        File.ReadAllBytes(path).Should().Equal(before);
        FilesInDirectory().Should().Equal("spec.yaml");
        logger.Collector.GetSnapshot().Should().Contain(r => r.Id.Id == CdiEventIds.SpecWriteFailed);
    }

    [Fact]
    public async Task WriteAsync_Cancelled_LeavesOldFile()
    {
        var path = await Writer().WriteAsync(Specs.Minimal(device: "old"), "spec");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var act = () => Writer().WriteAsync(Specs.Minimal(device: "new"), "spec", cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        CdiSpecSerializer.Load(File.ReadAllText(path)).Devices[0].Name.Should().Be("old");
        FilesInDirectory().Should().Equal("spec.yaml");
    }

    [Fact]
    public async Task WriteAsync_CancelledMidWrite_RemovesTemporaryFileAndKeepsOldFile()
    {
        var path = await Writer().WriteAsync(Specs.Minimal(device: "old"), "spec");
        var faulty = new FaultyOperations(new FileSystemAtomicOperations(new FileSystem())) { CancelAfterWrite = true };

        var act = () => Writer(faulty).WriteAsync(Specs.Minimal(device: "new"), "spec");

        await act.Should().ThrowAsync<OperationCanceledException>();
        CdiSpecSerializer.Load(File.ReadAllText(path)).Devices[0].Name.Should().Be("old");
        faulty.TemporaryFiles.Should().ContainSingle();
        FilesInDirectory().Should().Equal("spec.yaml");
    }

    [Fact]
    public async Task WriteAsync_ConcurrentReader_NeverSeesAPartialFile()
    {
        var small = Specs.Minimal(device: "small");
        var large = Specs.Minimal() with
        {
            Devices = [.. Enumerable.Range(0, 400).Select(i => new CdiDevice($"dev{i}", new ContainerEdits { Env = [$"VARIABLE_{i}=" + new string('x', 100)] }))],
        };
        var writer = Writer();
        var path = await writer.WriteAsync(small, "spec");
        var expected = new HashSet<string>(StringComparer.Ordinal) { CdiSpecSerializer.ToYaml(small), CdiSpecSerializer.ToYaml(large) };
        using var stop = new CancellationTokenSource();
        var reads = 0;
        var unexpected = new List<string>();

        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var text = File.ReadAllText(path);
                reads++;
                if (!expected.Contains(text))
                {
                    unexpected.Add(text);
                }
            }
        });

        for (var i = 0; i < 40; i++)
        {
            await writer.WriteAsync(i % 2 == 0 ? large : small, "spec");
        }

        await stop.CancelAsync();
        await reader;

        reads.Should().BePositive();
        unexpected.Should().BeEmpty();
        FilesInDirectory().Should().Equal("spec.yaml");
    }

    [Fact]
    public async Task WriteAsync_LogsSpecWritten()
    {
        var logger = new FakeLogger();

        await Writer(logger: logger).WriteAsync(Specs.Minimal(), "spec");

        logger.Collector.LatestRecord.Id.Id.Should().Be(CdiEventIds.SpecWritten);
        logger.Collector.LatestRecord.Message.Should().Contain("spec.yaml");
    }

    [Fact]
    public async Task RemoveAsync_ExistingAndMissing()
    {
        var writer = Writer();
        await writer.WriteTransientAsync(Specs.VfioClaim(ClaimUid), ClaimUid);

        (await writer.RemoveTransientAsync("k8s.gpu.nvidia.com/claim", ClaimUid)).Should().BeTrue();
        FilesInDirectory().Should().BeEmpty();
        (await writer.RemoveTransientAsync("k8s.gpu.nvidia.com/claim", ClaimUid)).Should().BeFalse();
        (await writer.RemoveAsync("never-written")).Should().BeFalse();
    }

    [Fact]
    public async Task RemoveAsync_UnsafeNameOrKind_Throws()
    {
        var writer = Writer();
        await FluentActions.Awaiting(() => writer.RemoveAsync("../x")).Should().ThrowAsync<CdiNameException>();
        await FluentActions.Awaiting(() => writer.RemoveTransientAsync("nokind", "id")).Should().ThrowAsync<CdiNameException>();
    }

    [Fact]
    public async Task WriteAsync_OverMockFileSystem_Works()
    {
        var fileSystem = new MockFileSystem();
        var writer = new CdiSpecWriter("/var/run/cdi", fileSystem);

        var path = await writer.WriteTransientAsync(Specs.VfioClaim(ClaimUid), ClaimUid);

        fileSystem.File.ReadAllText(path).Should().Be(CdiSpecSerializer.ToYaml(Specs.VfioClaim(ClaimUid)));
        fileSystem.Directory.GetFiles("/var/run/cdi").Should().ContainSingle();
    }

    [Fact]
    public async Task Arguments_AreValidated()
    {
        var writer = Writer();
        await FluentActions.Awaiting(() => writer.WriteAsync(null!, "x")).Should().ThrowAsync<ArgumentNullException>();
        await FluentActions.Awaiting(() => writer.WriteAsync(Specs.Minimal(), null!)).Should().ThrowAsync<ArgumentNullException>();
        await FluentActions.Awaiting(() => writer.WriteTransientAsync(Specs.Minimal(), string.Empty)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => writer.WriteTransientAsync(null!, "id")).Should().ThrowAsync<ArgumentNullException>();
        await FluentActions.Awaiting(() => writer.RemoveAsync(null!)).Should().ThrowAsync<ArgumentNullException>();
        await FluentActions.Awaiting(() => writer.RemoveTransientAsync(null!, "id")).Should().ThrowAsync<ArgumentNullException>();
        FluentActions.Invoking(() => new CdiSpecWriter(string.Empty)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new CdiSpecWriter((IOptions<CdiOptions>)null!)).Should().Throw<ArgumentNullException>();
        new CdiSpecWriter(Options.Create(new CdiOptions())).Directory.Should().Be("/var/run/cdi");
    }
}
