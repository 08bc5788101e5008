using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Cdi;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing.Nvml;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Tests.DependencyInjection;

public sealed class AddNvidiaDraNodeTests
{
    [Fact]
    public void AddNvidiaDra_Defaults_RegistersTheFacadeAndTheLeafPackages()
    {
        var services = new ServiceCollection();

        services.AddNvidiaDra(Configure);

        services.Should().Contain(d => d.ServiceType == typeof(IDraNodeService));
        services.Should().Contain(d => d.ServiceType == typeof(ICdiSpecWriter));
        services.Should().Contain(d => d.ServiceType == typeof(IDriverSwitch));
        services.Should().Contain(d => d.ServiceType == typeof(INvml));
    }

    [Fact]
    public void AddNvidiaDra_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddNvidiaDra(Configure);
        services.AddNvidiaDra(o => o.CdiRoot = "/run/cdi2");

        services.Count(d => d.ServiceType == typeof(IDraNodeService)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(ICdiSpecWriter)).Should().Be(1);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IOptions<NvidiaDraOptions>>().Value.CdiRoot.Should().Be("/run/cdi2", "every callback is applied");
    }

    [Fact]
    public void AddNvidiaDra_HostRegisteredParts_AreKept()
    {
        var services = new ServiceCollection();
        var nvml = FakeNvml.WithH200s(1).CreateClient();
        var writer = new CdiSpecWriter("/run/cdi-host-writer-never-written");
        services.AddSingleton<INvml>(nvml);
        services.AddSingleton<ICdiSpecWriter>(writer);

        services.AddNvidiaDra(Configure);

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<INvml>().Should().BeSameAs(nvml);
        provider.GetRequiredService<ICdiSpecWriter>().Should().BeSameAs(writer);
        provider.GetRequiredService<IDraNodeService>().Should().NotBeNull();
    }

    [Fact]
    public void AddNvidiaDra_CoreOptions_AreMappedOntoTheLeafOptions()
    {
        var services = new ServiceCollection();

        services.AddNvidiaDra(Configure);

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IOptions<CdiOptions>>().Value.WriteDirectory.Should().Be("/run/cdi-test");
        provider.GetRequiredService<IOptions<CdiOptions>>().Value.SpecDirectories.Should().Equal("/etc/cdi", "/run/cdi-test");
        provider.GetRequiredService<IOptions<VfioHostOptions>>().Value.HostRoot.Should().Be("/host-root");
        provider.GetRequiredService<IOptions<VfioHostOptions>>().Value.DriverRoot.Should().Be("/driver-root");
        provider.GetRequiredService<IOptions<VfioHostOptions>>().Value.SysfsWriteTimeout.Should().Be(TimeSpan.FromSeconds(7));
        provider.GetRequiredService<IOptions<NvmlOptions>>().Value.DriverRoot.Should().Be("/driver-root");
    }

    [Fact]
    public void AddNvidiaDra_HostConfiguresALeafAfterwards_HostWins()
    {
        var services = new ServiceCollection();

        services.AddNvidiaDra(Configure);
        services.AddNvidiaDraCdi(o => o.WriteDirectory = "/elsewhere");

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IOptions<CdiOptions>>().Value.WriteDirectory.Should().Be("/elsewhere");
    }

    private static void Configure(NvidiaDraOptions options)
    {
        options.NodeName = "node-a";
        options.FeatureGatesFlag = "PassthroughSupport=true";
        options.CdiRoot = "/run/cdi-test";
        options.PluginDataDirectory = "/var/lib/kubelet/plugins/gpu.nvidia.com";
        options.DriverSwitchTimeout = TimeSpan.FromSeconds(7);
    }
}
