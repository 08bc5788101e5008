using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Claims;
using Nvidia.Dra.Core.Configs;
using Nvidia.Dra.Core.FeatureGates;

namespace Nvidia.Dra.Core.Tests.DependencyInjection;

public class NvidiaDraServiceCollectionExtensionsTests
{
    [Fact]
    public void AddNvidiaDra_RegistersCoreServices()
    {
        var services = new ServiceCollection();

        var builder = services.AddNvidiaDra(o =>
        {
            o.NodeName = "node-a";
            o.FeatureGatesFlag = "PassthroughSupport=true,DeviceMetadata=true";
        });

        builder.Services.Should().BeSameAs(services);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<FeatureGateSet>().DeviceMetadata.Should().BeTrue();
        provider.GetRequiredService<OpaqueConfigDecoder>().Should().NotBeNull();
        provider.GetRequiredService<ClaimConfigResolver>().Should().NotBeNull();
        provider.GetRequiredService<ResourceSliceBuilder>().Should().NotBeNull();
        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(TimeProvider.System);
        provider.GetRequiredService<IOptions<NvidiaDraOptions>>().Value.NodeName.Should().Be("node-a");
    }

    [Fact]
    public void AddNvidiaDra_CalledTwice_RegistersOnceAndAppliesBothCallbacks()
    {
        var services = new ServiceCollection();

        services.AddNvidiaDra(o => o.NodeName = "node-a");
        var count = services.Count;
        services.AddNvidiaDra(o => o.CdiRoot = "/etc/cdi");

        services.Count.Should().Be(count + 1, "only the second configure callback is added");
        services.Count(d => d.ServiceType == typeof(IValidateOptions<NvidiaDraOptions>)).Should().Be(2);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<NvidiaDraOptions>>().Value;
        options.NodeName.Should().Be("node-a");
        options.CdiRoot.Should().Be("/etc/cdi");
    }

    [Fact]
    public void AddNvidiaDra_HostRegistrationsWin()
    {
        var services = new ServiceCollection();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var gates = FeatureGateSet.Parse("PassthroughSupport=true");
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(gates);

        services.AddNvidiaDra(o => o.NodeName = "node-a");

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(time);
        provider.GetRequiredService<FeatureGateSet>().Should().BeSameAs(gates);
    }

    [Fact]
    public void AddNvidiaDra_NullServices_Throws()
    {
        var act = () => NvidiaDraServiceCollectionExtensions.AddNvidiaDra(null!);

        act.Should().Throw<ArgumentNullException>();
    }
}
