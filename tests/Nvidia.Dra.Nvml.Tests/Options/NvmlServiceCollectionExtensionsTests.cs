using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Testing.Nvml;

namespace Nvidia.Dra.Nvml.Tests.Options;

[Collection(SharedLoaderCollection.Name)]
public sealed class NvmlServiceCollectionExtensionsTests
{
    [Fact]
    public void AddNvidiaDraNvml_NullServices_Throws()
    {
        var act = () => NvmlServiceCollectionExtensions.AddNvidiaDraNvml(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void AddNvidiaDraNvml_Registers_SingletonNvmlClientWithOptions()
    {
        // Default settings: on a GPU machine the process-wide library may already be loaded with them.
        var services = new ServiceCollection().AddLogging();
        services.AddNvidiaDraNvml(options => options.DriverRoot = "/");
        using var provider = services.BuildServiceProvider();

        var nvml = provider.GetRequiredService<INvml>();

        nvml.Should().BeOfType<NvmlClient>().And.BeSameAs(provider.GetRequiredService<INvml>());
        services.Should().ContainSingle(descriptor => descriptor.ServiceType == typeof(INvml)).Which.Lifetime.Should().Be(ServiceLifetime.Singleton);
    }

    [Fact]
    public void AddNvidiaDraNvml_CalledTwice_RegistersOnceAndAppliesBothCallbacks()
    {
        var services = new ServiceCollection();
        services.AddNvidiaDraNvml(options => options.DriverRoot = "/run/nvidia/driver");
        var count = services.Count;

        services.AddNvidiaDraNvml(options => options.LibraryPath = "/run/nvidia/driver/usr/lib64/libnvidia-ml.so.1");

        services.Where(descriptor => descriptor.ServiceType == typeof(INvml)).Should().ContainSingle();
        services.Where(descriptor => descriptor.ServiceType == typeof(IValidateOptions<NvmlOptions>)).Should().HaveCount(2);
        services.Count.Should().Be(count + 1, "only the second configure callback is added");
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<NvmlOptions>>().Value;
        options.DriverRoot.Should().Be("/run/nvidia/driver");
        options.LibraryPath.Should().Be("/run/nvidia/driver/usr/lib64/libnvidia-ml.so.1");
    }

    [Fact]
    public void AddNvidiaDraNvml_HostRegisteredItsOwnNvml_KeepsIt()
    {
        using var fake = FakeNvml.WithH200s(2).CreateClient();
        var services = new ServiceCollection();
        services.AddSingleton<INvml>(fake);

        services.AddNvidiaDraNvml();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<INvml>().Should().BeSameAs(fake);
    }

    [Theory]
    [InlineData("", null, "DriverRoot")]
    [InlineData("run/nvidia/driver", null, "DriverRoot")]
    [InlineData("/", "libnvidia-ml.so.1", "LibraryPath")]
    [InlineData("/", "", "LibraryPath")]
    public void Options_Invalid_FailValidationNamingTheProperty(string driverRoot, string? libraryPath, string property)
    {
        var services = new ServiceCollection();
        services.AddNvidiaDraNvml(options =>
        {
            options.DriverRoot = driverRoot;
            options.LibraryPath = libraryPath;
        });
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<NvmlOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage($"*{property}*");
    }

    [Fact]
    public void Options_Defaults_AreValid()
    {
        using var provider = new ServiceCollection().AddNvidiaDraNvml().BuildServiceProvider();

        provider.GetRequiredService<IOptions<NvmlOptions>>().Value.Should().BeEquivalentTo(new NvmlOptions { DriverRoot = "/", LibraryPath = null });
    }
}
