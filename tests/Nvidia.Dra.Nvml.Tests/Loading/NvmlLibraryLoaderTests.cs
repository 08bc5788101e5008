using Microsoft.Extensions.Logging.Testing;
using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Tests.Loading;

public sealed class NvmlLibraryLoaderTests
{
    private readonly FakeLogger _logger = new();

    [Fact]
    public void Load_LibraryInStandardDirectory_LoadsResolvedPathAndLogsIt()
    {
        var probe = new FakeLibraryProbe().WithLibrary(
            "/run/nvidia/driver/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1",
            "/run/nvidia/driver/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.580.159.04");
        var loader = new NvmlLibraryLoader(probe);
        loader.Configure(new NvmlLibrarySettings("/run/nvidia/driver", null));

        var loaded = loader.Load(_logger);

        loaded.Description.Should().Be("/run/nvidia/driver/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.580.159.04");
        loaded.LoadName.Should().Be(loaded.Description);
        loader.LibraryPath.Should().Be(loaded.Description);
        _logger.Collector.GetSnapshot().Should().Contain(record =>
            record.Id.Id == NvmlEventIds.LibraryLoaded && record.Message.Contains(loaded.Description, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_FirstCandidateFailsToLoad_TriesTheNextAndLogsTheRejection()
    {
        var probe = new FakeLibraryProbe().WithLibrary("/usr/lib64/libnvidia-ml.so.1");
        probe.Files["/libnvidia-ml.so.1"] = "/libnvidia-ml.so.1"; // exists, but not loadable
        var loader = new NvmlLibraryLoader(probe);

        var loaded = loader.Load(_logger);

        loaded.Description.Should().Be("/usr/lib64/libnvidia-ml.so.1");
        probe.LoadAttempts.Should().Equal("/libnvidia-ml.so.1", "/usr/lib64/libnvidia-ml.so.1");
        _logger.Collector.GetSnapshot().Should().Contain(record =>
            record.Id.Id == NvmlEventIds.LibraryCandidateRejected && record.Message.Contains("invalid ELF header", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_NothingUnderHostRoot_FallsBackToTheDynamicLoader()
    {
        var probe = new FakeLibraryProbe { LoaderFindsByName = true };
        var loader = new NvmlLibraryLoader(probe);

        var loaded = loader.Load(_logger);

        loaded.Handle.Should().Be(999);
        loaded.Description.Should().Contain("dynamic loader");
        loaded.LoadName.Should().Be("libnvidia-ml.so.1", "whether NVML is still loaded is asked of the loader by the name it searched for");
    }

    [Fact]
    public void Load_LibraryMissing_ThrowsTypedErrorListingEverySearchedPathAndRemedy()
    {
        var probe = new FakeLibraryProbe { LoaderFindsByName = true };
        var loader = new NvmlLibraryLoader(probe);
        loader.Configure(new NvmlLibrarySettings("/run/nvidia/driver", null));

        var act = () => loader.Load(_logger);

        var exception = act.Should().Throw<NvmlLibraryNotFoundException>().Which;
        exception.Code.Should().Be(NvmlReturn.LibraryNotFound);
        exception.SearchedPaths.Should().HaveCount(NvmlLibraryCandidates.LibraryDirectories.Count + 1);
        exception.SearchedPaths.Should().OnlyContain(path => path.StartsWith("/run/nvidia/driver/", StringComparison.Ordinal));
        exception.Message.Should().Contain("/run/nvidia/driver/usr/lib64/libnvidia-ml.so.1 (not found)")
            .And.Contain("NvmlOptions.DriverRoot");
        exception.IsTransient.Should().BeFalse();
        probe.LoadAttempts.Should().BeEmpty("a containerised driver root must not fall back to the host's loader");
        _logger.Collector.GetSnapshot().Should().Contain(record => record.Id.Id == NvmlEventIds.LibraryNotFound);
        loader.LibraryPath.Should().BeNull();
    }

    [Fact]
    public void Load_Again_LoadsTheFileTheFirstLoadFoundWithoutSearching()
    {
        var probe = new FakeLibraryProbe().WithLibrary("/usr/lib64/libnvidia-ml.so.1", "/usr/lib64/libnvidia-ml.so.580.159.04");
        var loader = new NvmlLibraryLoader(probe);
        var first = loader.Load(_logger);
        loader.Free(first);

        // A library that appears earlier in the search order afterwards is not picked up: the process keeps its file.
        probe.WithLibrary("/libnvidia-ml.so.1");
        var second = loader.Load(_logger);

        second.Description.Should().Be("/usr/lib64/libnvidia-ml.so.580.159.04");
        second.Handle.Should().NotBe(first.Handle, "each load is its own reference");
        probe.LoadAttempts.Should().Equal("/usr/lib64/libnvidia-ml.so.580.159.04", "/usr/lib64/libnvidia-ml.so.580.159.04");
        probe.Freed.Should().Equal(first.Handle);
        _logger.Collector.GetSnapshot().Should().ContainSingle(record => record.Id.Id == NvmlEventIds.LibraryLoaded);
        _logger.Collector.GetSnapshot().Should().ContainSingle(record => record.Id.Id == NvmlEventIds.LibraryReloaded);
    }

    [Fact]
    public void Load_AgainAfterTheFileWentAway_ThrowsLibraryNotFoundNamingIt()
    {
        var probe = new FakeLibraryProbe().WithLibrary("/usr/lib64/libnvidia-ml.so.1");
        var loader = new NvmlLibraryLoader(probe);
        loader.Free(loader.Load(_logger));
        probe.Loadable.Clear();

        var exception = loader.Invoking(l => l.Load(_logger)).Should().Throw<NvmlLibraryNotFoundException>().Which;

        exception.Message.Should().Contain("/usr/lib64/libnvidia-ml.so.1").And.Contain("cannot be loaded again");
        exception.SearchedPaths.Should().ContainSingle().Which.Should().StartWith("/usr/lib64/libnvidia-ml.so.1");
    }

    [Fact]
    public void Load_AgainAfterTheDynamicLoaderFoundIt_AsksTheDynamicLoaderAgain()
    {
        var probe = new FakeLibraryProbe { LoaderFindsByName = true };
        var loader = new NvmlLibraryLoader(probe);
        loader.Free(loader.Load(_logger));
        probe.LoadAttempts.Clear();

        var again = loader.Load(_logger);
        again.Handle.Should().Be(999);
        again.LoadName.Should().Be("libnvidia-ml.so.1");
        probe.LoadAttempts.Should().Equal("libnvidia-ml.so.1");
    }

    [Fact]
    public void Load_AfterFailure_SearchesAgain()
    {
        var probe = new FakeLibraryProbe();
        var loader = new NvmlLibraryLoader(probe);
        loader.Invoking(l => l.Load(_logger)).Should().Throw<NvmlLibraryNotFoundException>();

        probe.WithLibrary("/lib64/libnvidia-ml.so.1");

        loader.Load(_logger).Description.Should().Be("/lib64/libnvidia-ml.so.1");
    }

    [Fact]
    public void Configure_OtherSettingsAfterLoad_ThrowsNamingTheLoadedPath()
    {
        var loader = new NvmlLibraryLoader(new FakeLibraryProbe().WithLibrary("/libnvidia-ml.so.1"));
        loader.Load(_logger);

        var act = () => loader.Configure(new NvmlLibrarySettings("/run/nvidia/driver", null));

        act.Should().Throw<InvalidOperationException>().WithMessage("*already loaded from /libnvidia-ml.so.1*/run/nvidia/driver*");
        loader.Settings.DriverRoot.Should().Be("/");
    }

    [Fact]
    public void Configure_SameSettingsAfterLoad_IsAccepted()
    {
        var loader = new NvmlLibraryLoader(new FakeLibraryProbe().WithLibrary("/libnvidia-ml.so.1"));
        loader.Load(_logger);

        loader.Invoking(l => l.Configure(new NvmlLibrarySettings("/", null))).Should().NotThrow();
    }

    [Fact]
    public void Load_LibraryPathOverride_LoadsOnlyThatFile()
    {
        var probe = new FakeLibraryProbe().WithLibrary("/libnvidia-ml.so.1").WithLibrary("/opt/nv/libnvidia-ml.so.1");
        var loader = new NvmlLibraryLoader(probe);
        loader.Configure(new NvmlLibrarySettings("/", "/opt/nv/libnvidia-ml.so.1"));

        loader.Load(_logger).Description.Should().Be("/opt/nv/libnvidia-ml.so.1");
        probe.LoadAttempts.Should().Equal("/opt/nv/libnvidia-ml.so.1");
    }
}
