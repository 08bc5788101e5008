using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Driver;

/// <summary>The driver's generic host: the composition of <see cref="DriverServiceCollectionExtensions"/> with one-line console logs.</summary>
internal static class DriverHostBuilder
{
    /// <summary>Creates the host builder of <c>nvidia-dra-driver</c>.</summary>
    /// <param name="settings">The parsed command line.</param>
    /// <returns>The builder, ready to build.</returns>
    public static HostApplicationBuilder Create(DriverSettings settings)
    {
        // Not the default builder: its appsettings.json source watches the working directory recursively for changes,
        // and in the driver's image that is /, with the node's root mounted below it: the watcher would walk the
        // node's whole file system, /proc and /sys included, into inotify watches and memory. The driver is configured
        // by flags and environment variables only.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });

        // What the defaults gave that an operator still expects: log levels from the environment
        // (Logging__LogLevel__Default=Debug, Logging__LogLevel__Nvidia.Dra.Vfio=Trace).
        builder.Configuration.AddEnvironmentVariables();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);

        // Start failures are reported by Program as one line each; the generic host would log them again with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.AddNvidiaDraDriver(settings);
        builder.Services.AddHostedService<StartupMemoryRelease>();
        return builder;
    }
}
