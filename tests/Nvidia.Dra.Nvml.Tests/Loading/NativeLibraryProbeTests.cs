using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Tests.Loading;

public sealed class NativeLibraryProbeTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("nvml-probe-");

    [Fact]
    public void ResolveRegularFile_SymlinkChain_ReturnsFinalTarget()
    {
        var real = Write("libnvidia-ml.so.580.159.04");
        var soname = Link("libnvidia-ml.so.1", real);
        var devLink = Link("libnvidia-ml.so", soname);

        NativeLibraryProbe.Instance.ResolveRegularFile(devLink, out var reason).Should().Be(real);
        reason.Should().BeNull();
    }

    [Fact]
    public void ResolveRegularFile_Missing_ReturnsNullWithReason()
    {
        NativeLibraryProbe.Instance.ResolveRegularFile(Path.Join(_root.FullName, "absent"), out var reason).Should().BeNull();
        reason.Should().Be("not found");
    }

    [Fact]
    public void ResolveRegularFile_DanglingLink_ReturnsNull()
    {
        var link = Link("libnvidia-ml.so.1", Path.Join(_root.FullName, "gone"));

        NativeLibraryProbe.Instance.ResolveRegularFile(link, out var reason).Should().BeNull();
        reason.Should().Be("not found");
    }

    [Fact]
    public void ResolveRegularFile_Directory_ReturnsNull()
    {
        var directory = _root.CreateSubdirectory("libnvidia-ml.so.1").FullName;

        NativeLibraryProbe.Instance.ResolveRegularFile(directory, out var reason).Should().BeNull();
        reason.Should().NotBeNull();
    }

    [Fact]
    public void TryLoad_FileThatIsNotALibrary_ReturnsZeroWithLoaderMessage()
    {
        var file = Write("libnvidia-ml.so.1");

        NativeLibraryProbe.Instance.TryLoad(file, out var failure).Should().Be(0);
        failure.Should().NotBeNullOrEmpty();
    }

    public void Dispose() => _root.Delete(recursive: true);

    private string Write(string name)
    {
        var path = Path.Join(_root.FullName, name);
        File.WriteAllText(path, "not an ELF file");
        return path;
    }

    private string Link(string name, string target)
    {
        var path = Path.Join(_root.FullName, name);
        File.CreateSymbolicLink(path, target);
        return path;
    }
}
