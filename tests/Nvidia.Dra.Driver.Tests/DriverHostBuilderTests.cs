using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Nvml;

namespace Nvidia.Dra.Driver.Tests;

public sealed class DriverHostBuilderTests
{
    [Fact]
    public void The_driver_reads_no_configuration_file_so_nothing_watches_its_working_directory()
    {
        var builder = DriverHostBuilder.Create(Settings());

        // A file source (appsettings.json of the default builder) watches the working directory recursively: / in the image.
        builder.Configuration.Sources.OfType<FileConfigurationSource>().Should().BeEmpty();
    }

    [Fact]
    public void Log_levels_still_come_from_configuration_as_the_environment_gives_them()
    {
        var quiet = DriverHostBuilder.Create(Settings());
        var verbose = DriverHostBuilder.Create(Settings());
        // What Logging__LogLevel__Nvidia.Dra=Debug in the environment sets.
        verbose.Configuration["Logging:LogLevel:Nvidia.Dra"] = "Debug";

        using var quietHost = quiet.Build();
        using var verboseHost = verbose.Build();

        quietHost.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Nvidia.Dra.Core").IsEnabled(LogLevel.Debug).Should().BeFalse();
        verboseHost.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Nvidia.Dra.Core").IsEnabled(LogLevel.Debug).Should().BeTrue();
        verbose.Configuration.Sources.OfType<Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource>().Should().ContainSingle();
    }

    [Fact]
    public void The_driver_gives_back_the_libcuda_reference_NVML_leaks_because_it_never_uses_CUDA()
    {
        using var host = DriverHostBuilder.Create(Settings()).Build();

        host.Services.GetRequiredService<IOptions<NvmlOptions>>().Value.ReleaseCudaOnUnload.Should().BeTrue();
        new NvmlOptions().ReleaseCudaOnUnload.Should().BeFalse("a library embedded in a process that may use CUDA must not unload it");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_restore_flag_reaches_Core_where_start_up_acts_on_it(bool restore)
    {
        using var host = DriverHostBuilder.Create(Settings($"--restore-unrecorded-vfio-gpus={restore}")).Build();

        host.Services.GetRequiredService<IOptions<Nvidia.Dra.Core.NvidiaDraOptions>>().Value.RestoreUnrecordedVfioGpus.Should().Be(restore);
    }

    private static DriverSettings Settings(params string[] more)
    {
        DriverCommandLine.TryParse(["--node-name", "node-1", .. more], _ => null, out var settings, out var error).Should().BeTrue(error);
        return settings;
    }
}
