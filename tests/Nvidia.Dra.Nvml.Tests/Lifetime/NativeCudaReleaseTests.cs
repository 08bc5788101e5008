using System.Runtime.InteropServices;
using Nvidia.Dra.Nvml.Lifetime;
using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Tests.Lifetime;

/// <summary>
/// The release through the process's real dynamic loader, without NVML or CUDA: a copy of a native library of the .NET
/// runtime at a path of its own stands in for libcuda (a new file is a new object to the loader, so nothing else in the
/// process can have loaded it), loaded once the way NVML's init loads it.
/// </summary>
public sealed class NativeCudaReleaseTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nvml-cuda-release-").FullName;
    private readonly string _standIn;

    public NativeCudaReleaseTests()
    {
        _standIn = Path.Combine(_directory, "libstand-in.so.1");
        File.Copy(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libSystem.IO.Compression.Native.so"), _standIn);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TryReferenceLoaded_LoadsNothingThatIsNotLoaded()
    {
        NativeLibraryProbe.Instance.TryReferenceLoaded(_standIn).Should().Be(0);

        IsMapped(_standIn).Should().BeFalse();
    }

    [Fact]
    public void TryReferenceLoaded_ReferencesALoadedLibrary()
    {
        var libc = NativeLibraryProbe.Instance.TryReferenceLoaded("libc.so.6");

        libc.Should().NotBe(0);
        NativeLibraryProbe.Instance.Free(libc);
    }

    [Fact]
    public void Release_TheOneReferenceALibraryTook_UnmapsIt()
    {
        var loadedBefore = CudaReferenceRelease.IsLoaded(NativeLibraryProbe.Instance, _standIn);
        loadedBefore.Should().BeFalse();

        // What NVML's init does and never undoes.
        NativeLibrary.Load(_standIn);
        IsMapped(_standIn).Should().BeTrue();

        var outcome = CudaReferenceRelease.Release(NativeLibraryProbe.Instance, "libnvidia-ml-gone.so.1", _standIn, loadedBefore);

        outcome.Should().Be(CudaReleaseOutcome.Released);
        IsMapped(_standIn).Should().BeFalse();
    }

    private static bool IsMapped(string path) =>
        File.ReadLines("/proc/self/maps").Any(line => line.EndsWith(path, StringComparison.Ordinal));
}
