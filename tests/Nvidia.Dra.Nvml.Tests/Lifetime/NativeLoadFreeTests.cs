using Microsoft.Extensions.Logging.Abstractions;
using Nvidia.Dra.Nvml.Lifetime;
using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Tests.Lifetime;

/// <summary>
/// The real load, bind and free path, without NVML: the process's own libc stands in for libnvidia-ml. It exports
/// none of NVML's functions, so the session's init answers FUNCTION_NOT_FOUND, and the library must then be freed.
/// </summary>
public sealed class NativeLoadFreeTests
{
    [Fact]
    public void Session_LibraryWithoutNvml_FailsInitAndFreesTheRealLoad()
    {
        var libc = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && Path.GetFileName(fields[5]).StartsWith("libc.so", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .First();
        var probe = new CountingProbe();
        var libraries = new NvmlLibraryLoader(probe);
        libraries.Configure(new NvmlLibrarySettings("/", libc));
        var lifetime = new NvmlLifetime(new NativeNvmlLoader(libraries, probe, NullLogger.Instance), TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);
        lifetime.AddOwner();

        var exception = lifetime.Invoking(l => l.Acquire()).Should().Throw<NvmlException>().Which;

        exception.Code.Should().Be(NvmlReturn.FunctionNotFound);
        exception.FunctionName.Should().Be("nvmlInitWithFlags");
        probe.Loaded.Should().ContainSingle().Which.Should().NotBe(0);
        probe.Freed.Should().Equal(probe.Loaded);
        probe.ExportLookups.Should().Contain(NvmlEntryPointNames());
        lifetime.IsLoaded.Should().BeFalse();

        // The second attempt loads the same file again (no search) and frees it again.
        lifetime.Invoking(l => l.Acquire()).Should().Throw<NvmlException>();
        probe.Loaded.Should().HaveCount(2);
        probe.Freed.Should().Equal(probe.Loaded);
    }

    private static IEnumerable<string> NvmlEntryPointNames() => Nvidia.Dra.Nvml.Interop.NvmlEntryPoints.ExportNames;

    /// <summary>The real probe, counting loads, frees and export lookups.</summary>
    private sealed class CountingProbe : INativeLibraryProbe
    {
        public List<nint> Loaded { get; } = [];

        public List<nint> Freed { get; } = [];

        public List<string> ExportLookups { get; } = [];

        public string? ResolveRegularFile(string path, out string? reason) => NativeLibraryProbe.Instance.ResolveRegularFile(path, out reason);

        public nint TryLoad(string path, out string? failure)
        {
            var handle = NativeLibraryProbe.Instance.TryLoad(path, out failure);
            Loaded.Add(handle);
            return handle;
        }

        public nint TryLoadByName(string name, out string? failure) => NativeLibraryProbe.Instance.TryLoadByName(name, out failure);

        public nint TryReferenceLoaded(string nameOrPath) => NativeLibraryProbe.Instance.TryReferenceLoaded(nameOrPath);

        public nint GetExport(nint handle, string name)
        {
            ExportLookups.Add(name);
            return NativeLibraryProbe.Instance.GetExport(handle, name);
        }

        public void Free(nint handle)
        {
            Freed.Add(handle);
            NativeLibraryProbe.Instance.Free(handle);
        }
    }
}
