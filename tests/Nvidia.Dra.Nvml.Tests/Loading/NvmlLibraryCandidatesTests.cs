using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Tests.Loading;

public sealed class NvmlLibraryCandidatesTests
{
    [Fact]
    public void For_HostRoot_StartsAtRootThenStandardDirectories()
    {
        var candidates = NvmlLibraryCandidates.For(new NvmlLibrarySettings("/", null));

        candidates[0].Should().Be("/libnvidia-ml.so.1");
        candidates.Should().ContainInOrder(
            "/usr/lib64/libnvidia-ml.so.1",
            "/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1",
            "/usr/lib/aarch64-linux-gnu/libnvidia-ml.so.1",
            "/lib64/libnvidia-ml.so.1",
            "/lib/x86_64-linux-gnu/libnvidia-ml.so.1",
            "/lib/aarch64-linux-gnu/libnvidia-ml.so.1");
        candidates.Should().HaveCount(NvmlLibraryCandidates.LibraryDirectories.Count + 1).And.OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData("/run/nvidia/driver")]
    [InlineData("/home/kubernetes/bin/nvidia/")]
    public void For_ContainerisedDriverRoot_SearchesOnlyUnderThatRoot(string root)
    {
        var candidates = NvmlLibraryCandidates.For(new NvmlLibrarySettings(root, null));

        candidates.Should().OnlyContain(path => path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal));
        candidates.Should().Contain($"{root.TrimEnd('/')}/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1");
    }

    [Fact]
    public void For_LibraryPathOverride_IsTheOnlyCandidate()
    {
        NvmlLibraryCandidates.For(new NvmlLibrarySettings("/run/nvidia/driver", "/opt/nvidia/libnvidia-ml.so.1"))
            .Should().Equal("/opt/nvidia/libnvidia-ml.so.1");
    }

    [Theory]
    [InlineData("/", null, true)]
    [InlineData("/", "/opt/libnvidia-ml.so.1", false)]
    [InlineData("/run/nvidia/driver", null, false)]
    public void UsesLoaderSearch_OnlyForHostRootWithoutOverride(string root, string? path, bool expected)
    {
        NvmlLibraryCandidates.UsesLoaderSearch(new NvmlLibrarySettings(root, path)).Should().Be(expected);
    }
}
