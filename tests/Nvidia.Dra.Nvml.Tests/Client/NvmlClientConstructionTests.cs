using Microsoft.Extensions.Options;
using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Tests.Client;

[Collection(SharedLoaderCollection.Name)]
public sealed class NvmlClientConstructionTests
{
    [Fact]
    public void Constructor_InvalidOptions_ThrowsOptionsValidationException()
    {
        var act = () => new NvmlClient(new NvmlOptions { DriverRoot = "relative" });

        act.Should().Throw<OptionsValidationException>().WithMessage("*DriverRoot*absolute*");
    }

    [Fact]
    public void Constructor_NoGpuHost_DoesNotTouchNvml()
    {
        if (NvmlLibraryLoader.Shared.LibraryPath is not null)
        {
            return; // a GPU machine where another test already loaded NVML: the loader is locked to its settings
        }

        var act = () => new NvmlClient(new NvmlOptions { DriverRoot = "/nonexistent-driver-root" }).Dispose();

        act.Should().NotThrow();
        NvmlLibraryLoader.Shared.LibraryPath.Should().BeNull();
        NvmlLibraryLoader.Shared.Configure(NvmlLibrarySettings.Default);
    }

    [Fact]
    public void GetGpus_LibraryAbsentUnderDriverRoot_ThrowsLibraryNotFoundListingSearchedPaths()
    {
        if (NvmlLibraryLoader.Shared.LibraryPath is not null)
        {
            return; // a GPU machine where another test already loaded NVML: the loader is locked, nothing to test
        }

        var root = Directory.CreateTempSubdirectory("nvml-root-");
        try
        {
            using var client = new NvmlClient(new NvmlOptions { DriverRoot = root.FullName });

            var exception = client.Invoking(c => c.GetGpus()).Should().Throw<NvmlLibraryNotFoundException>().Which;

            exception.SearchedPaths.Should().NotBeEmpty().And.OnlyContain(path => path.StartsWith(root.FullName, StringComparison.Ordinal));
            exception.Message.Should().Contain(root.FullName).And.Contain("NvmlOptions.DriverRoot");
        }
        finally
        {
            root.Delete(recursive: true);
            NvmlLibraryLoader.Shared.Configure(NvmlLibrarySettings.Default);
        }
    }
}
