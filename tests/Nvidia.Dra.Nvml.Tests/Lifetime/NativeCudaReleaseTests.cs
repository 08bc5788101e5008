using System.Runtime.InteropServices;
using Nvidia.Dra.Nvml.Lifetime;
using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Tests.Lifetime;

/// <summary>
/// The release through the process's real dynamic loader, without NVML or CUDA: a native library of the .NET runtime
/// that this process does not otherwise load stands in for libcuda, loaded once the way NVML's init loads it.
/// </summary>
public sealed class NativeCudaReleaseTests
{
    private static readonly string StandIn = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libSystem.IO.Compression.Native.so");

    [Fact]
    public void TryReferenceLoaded_LoadsNothingThatIsNotLoaded()
    {
        IsMapped(StandIn).Should().BeFalse("the stand-in must not be loaded by this test process before the test");

        NativeLibraryProbe.Instance.TryReferenceLoaded(StandIn).Should().Be(0);

        IsMapped(StandIn).Should().BeFalse();
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
        IsMapped(StandIn).Should().BeFalse("the stand-in must not be loaded by this test process before the test");
        var loadedBefore = CudaReferenceRelease.IsLoaded(NativeLibraryProbe.Instance, StandIn);

        // What NVML's init does and never undoes.
        NativeLibrary.Load(StandIn);
        IsMapped(StandIn).Should().BeTrue();

        var outcome = CudaReferenceRelease.Release(NativeLibraryProbe.Instance, "libnvidia-ml-gone.so.1", StandIn, loadedBefore);

        outcome.Should().Be(CudaReleaseOutcome.Released);
        IsMapped(StandIn).Should().BeFalse();
    }

    private static bool IsMapped(string path) =>
        File.ReadLines("/proc/self/maps").Any(line => line.EndsWith(path, StringComparison.Ordinal));
}
