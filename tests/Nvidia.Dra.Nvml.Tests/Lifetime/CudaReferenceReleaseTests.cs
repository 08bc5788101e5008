using Microsoft.Extensions.Logging.Abstractions;
using Nvidia.Dra.Nvml.Lifetime;
using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Tests.Lifetime;

/// <summary>When the libcuda reference NVML leaks is given back, and when it must be left alone.</summary>
public sealed class CudaReferenceReleaseTests
{
    private const string Nvml = "/usr/lib/libnvidia-ml.so.1";
    private const string Cuda = CudaReferenceRelease.CudaLibrary;

    [Fact]
    public void Release_NvmlGoneAndCudaLoadedOnlyByIt_GivesBackThatOneReference()
    {
        var loader = new ReferenceCountingProbe();
        loader.Load(Cuda);

        var outcome = CudaReferenceRelease.Release(loader, Nvml, Cuda, loadedBeforeSession: false);

        outcome.Should().Be(CudaReleaseOutcome.Released);
        loader.References(Cuda).Should().Be(0);
    }

    [Fact]
    public void Release_SomeoneElseAlsoHoldsCuda_GivesBackOnlyNvmlsReference()
    {
        var loader = new ReferenceCountingProbe();
        loader.Load(Cuda);
        loader.Load(Cuda);

        var outcome = CudaReferenceRelease.Release(loader, Nvml, Cuda, loadedBeforeSession: false);

        outcome.Should().Be(CudaReleaseOutcome.StillReferenced);
        loader.References(Cuda).Should().Be(1);
    }

    [Fact]
    public void Release_CudaLoadedBeforeTheSession_LeavesItAlone()
    {
        var loader = new ReferenceCountingProbe();
        loader.Load(Cuda);

        var outcome = CudaReferenceRelease.Release(loader, Nvml, Cuda, loadedBeforeSession: true);

        outcome.Should().Be(CudaReleaseOutcome.LoadedBeforeSession);
        loader.References(Cuda).Should().Be(1);
        loader.Calls.Should().BeEmpty();
    }

    [Fact]
    public void Release_AnotherSessionStillHasNvmlLoaded_LeavesCudaAlone()
    {
        var loader = new ReferenceCountingProbe();
        loader.Load(Nvml);
        loader.Load(Cuda);

        var outcome = CudaReferenceRelease.Release(loader, Nvml, Cuda, loadedBeforeSession: false);

        outcome.Should().Be(CudaReleaseOutcome.NvmlStillLoaded);
        loader.References(Cuda).Should().Be(1);
        loader.References(Nvml).Should().Be(1);
    }

    [Fact]
    public void Release_CudaNotLoaded_LoadsNothing()
    {
        var loader = new ReferenceCountingProbe();

        var outcome = CudaReferenceRelease.Release(loader, Nvml, Cuda, loadedBeforeSession: false);

        outcome.Should().Be(CudaReleaseOutcome.NotLoaded);
        loader.References(Cuda).Should().Be(0);
        loader.Calls.Should().NotContain(call => call.StartsWith("load", StringComparison.Ordinal));
    }

    [Fact]
    public void IsLoaded_TakesNoReferenceItKeeps()
    {
        var loader = new ReferenceCountingProbe();
        loader.Load(Cuda);

        CudaReferenceRelease.IsLoaded(loader, Cuda).Should().BeTrue();
        CudaReferenceRelease.IsLoaded(loader, Nvml).Should().BeFalse();

        loader.References(Cuda).Should().Be(1);
        loader.References(Nvml).Should().Be(0);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public void Loader_OneSession_GivesCudaBackAtItsUnloadOnlyWhenAsked(bool releaseCuda, int referencesAfter)
    {
        var (probe, libraries) = Libraries();
        var load = new NativeNvmlLoader(libraries, probe, NullLogger.Instance, releaseCuda).Load();
        probe.Load(Cuda); // what nvmlInit does

        load.Unload();

        probe.References(Nvml).Should().Be(0);
        probe.References(Cuda).Should().Be(referencesAfter);
    }

    [Fact]
    public void Loader_TwoClientsSessionsOverlap_NeverUnloadsCudaUnderTheSessionStillOpen()
    {
        var (probe, libraries) = Libraries();
        var first = new NativeNvmlLoader(libraries, probe, NullLogger.Instance, releaseCuda: true).Load();
        probe.Load(Cuda);
        var second = new NativeNvmlLoader(libraries, probe, NullLogger.Instance, releaseCuda: true).Load();

        first.Unload();
        probe.References(Cuda).Should().Be(1, "the second session still has NVML loaded and may call into libcuda");

        // The second session began with libcuda loaded, so it cannot tell NVML's reference from the process's own:
        // libcuda stays (memory, never a crash).
        second.Unload();
        probe.References(Cuda).Should().Be(1);
        probe.References(Nvml).Should().Be(0);
    }

    private static (ReferenceCountingProbe Probe, NvmlLibraryLoader Libraries) Libraries()
    {
        var probe = new ReferenceCountingProbe();
        var libraries = new NvmlLibraryLoader(probe);
        libraries.Configure(new NvmlLibrarySettings("/", Nvml));
        return (probe, libraries);
    }

    /// <summary>The dynamic loader's reference counts: <c>dlopen</c> with <c>RTLD_NOLOAD</c> adds one only to a
    /// loaded library, <c>dlclose</c> takes one away.</summary>
    private sealed class ReferenceCountingProbe : INativeLibraryProbe
    {
        private readonly Dictionary<string, int> _references = new(StringComparer.Ordinal);
        private readonly List<string> _handles = [];

        public List<string> Calls { get; } = [];

        public int References(string library) => _references.GetValueOrDefault(library);

        public void Load(string library)
        {
            _references[library] = References(library) + 1;
            Handle(library);
        }

        public nint TryReferenceLoaded(string nameOrPath)
        {
            Calls.Add($"noload {nameOrPath}");
            if (References(nameOrPath) == 0)
            {
                return 0;
            }

            _references[nameOrPath]++;
            return Handle(nameOrPath);
        }

        public void Free(nint handle)
        {
            var library = _handles[(int)handle - 1];
            Calls.Add($"free {library}");
            References(library).Should().BePositive("a library is never freed more often than it was loaded");
            _references[library]--;
        }

        public string? ResolveRegularFile(string path, out string? reason)
        {
            reason = path == Nvml ? null : "not found";
            return path == Nvml ? path : null;
        }

        public nint TryLoad(string path, out string? failure)
        {
            failure = null;
            Load(path);
            return Handle(path);
        }

        public nint TryLoadByName(string name, out string? failure)
        {
            failure = "not found";
            return 0;
        }

        public nint GetExport(nint handle, string name) => 0;

        private nint Handle(string library)
        {
            var index = _handles.IndexOf(library);
            if (index < 0)
            {
                _handles.Add(library);
                index = _handles.Count - 1;
            }

            return index + 1;
        }
    }
}
