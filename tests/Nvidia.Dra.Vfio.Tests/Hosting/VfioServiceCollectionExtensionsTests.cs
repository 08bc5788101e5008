using System.IO.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Vfio.Tests;

public sealed class VfioServiceCollectionExtensionsTests
{
    [Fact]
    public void AddNvidiaDraVfio_Default_RegistersEveryService()
    {
        using var provider = new ServiceCollection().AddNvidiaDraVfio().BuildServiceProvider();

        provider.GetRequiredService<IPciDiscovery>().Should().BeOfType<PciDiscovery>();
        provider.GetRequiredService<IIommuInspector>().Should().BeOfType<IommuInspector>();
        provider.GetRequiredService<IPassthroughPlanner>().Should().BeOfType<PassthroughPlanner>();
        provider.GetRequiredService<IVfioDriverResolver>().Should().BeOfType<VfioDriverResolver>();
        provider.GetRequiredService<IModuleLoader>().Should().BeOfType<ModprobeModuleLoader>();
        provider.GetRequiredService<IDeviceHolderScanner>().Should().BeOfType<DeviceHolderScanner>();
        provider.GetRequiredService<IPersistencedDetector>().Should().BeOfType<PersistencedDetector>();
        provider.GetRequiredService<IDriverSwitch>().Should().BeOfType<DriverSwitch>();
        provider.GetRequiredService<IFileSystem>().Should().BeOfType<FileSystem>();
        provider.GetRequiredService<IOptions<VfioHostOptions>>().Value.SysfsRoot.Should().Be("/sys");
    }

    [Fact]
    public void AddNvidiaDraVfio_HostRegisteredItsOwn_KeepsTheHosts()
    {
        var custom = new PersistencedDetector();
        using var provider = new ServiceCollection()
            .AddSingleton<IPersistencedDetector>(custom)
            .AddNvidiaDraVfio()
            .BuildServiceProvider();

        provider.GetRequiredService<IPersistencedDetector>().Should().BeSameAs(custom);
    }

    [Fact]
    public void AddNvidiaDraVfio_CalledTwice_RegistersOnceAndAppliesBothCallbacks()
    {
        var services = new ServiceCollection()
            .AddNvidiaDraVfio(o => o.SysfsRoot = "/host/sys")
            .AddNvidiaDraVfio(o => o.ProcRoot = "/host/proc");
        using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(IDriverSwitch)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<VfioHostOptions>)).Should().Be(2);
        var options = provider.GetRequiredService<IOptions<VfioHostOptions>>().Value;
        (options.SysfsRoot, options.ProcRoot).Should().Be(("/host/sys", "/host/proc"));
    }

    [Theory]
    [InlineData("SysfsRoot", "sys")]
    [InlineData("ProcRoot", "/proc/../etc")]
    [InlineData("DevRoot", "")]
    public void Options_InvalidRoot_FailsValidationNamingTheSetting(string setting, string value)
    {
        using var provider = new ServiceCollection()
            .AddNvidiaDraVfio(o => typeof(VfioHostOptions).GetProperty(setting)!.SetValue(o, value))
            .BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<VfioHostOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage($"*{setting}*");
    }

    [Fact]
    public void Options_OutOfRangeValues_FailValidation()
    {
        using var provider = new ServiceCollection()
            .AddNvidiaDraVfio(o =>
            {
                o.UnbindLockAttempts = 0;
                o.SysfsWriteTimeout = TimeSpan.Zero;
                o.KernelRelease = "../../etc";
            })
            .BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<VfioHostOptions>>().Value;

        act.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().Contain(f => f.Contains("UnbindLockAttempts", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("SysfsWriteTimeout", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("KernelRelease", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddSimulatedVfioHost_ResolvedSwitch_WorksEndToEnd()
    {
        using var host = SimulatedHost.Create(SimulatedTopologies.SxmH200());
        using var provider = new ServiceCollection().AddSimulatedVfioHost(host).BuildServiceProvider();
        var planner = provider.GetRequiredService<IPassthroughPlanner>();
        var driverSwitch = provider.GetRequiredService<IDriverSwitch>();

        var record = await driverSwitch.SwitchToVfioAsync(planner.Plan(Addresses.SxmGpu));
        host.DriverOf(Addresses.SxmGpu).Should().Be("vfio-pci");
        await driverSwitch.RestoreAsync(record);

        host.DriverOf(Addresses.SxmGpu).Should().Be("nvidia");
    }
}
