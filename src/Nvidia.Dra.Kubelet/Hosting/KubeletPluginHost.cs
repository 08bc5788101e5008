using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Kubelet.Claims;
using Nvidia.Dra.Kubelet.Diagnostics;
using Nvidia.Dra.Kubelet.Health;
using Nvidia.Dra.Kubelet.Serialization;
using Nvidia.Dra.Kubelet.Service;

namespace Nvidia.Dra.Kubelet;

/// <summary>
/// The kubelet-plugin host, run by the generic host as a hosted service: Kestrel serves the DRA service on
/// <c>dra.sock</c> (and the health endpoint on TCP), the registration server serves <c>&lt;driver&gt;-reg.sock</c>.
/// Start order follows upstream: the DRA socket first, so the endpoint answers before kubelet learns of it;
/// stale socket files are removed before binding; on stop (SIGTERM included) the registration socket goes first
/// (kubelet deregisters the plugin), then the DRA socket, and both files are deleted. Between start and stop the
/// sockets stay open, whatever happens to single calls: kubelet wipes the driver's ResourceSlices 30 s after losing it.
/// </summary>
public sealed class KubeletPluginHost : IHostedService, IAsyncDisposable
{
    private readonly IServiceProvider services;
    private readonly KubeletPluginOptions options;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private WebApplication? web;
    private RegistrationServer? registrationServer;
    private HealthProbe? probe;

    /// <summary>Creates the host; the generic host does this through <see cref="KubeletPluginServiceCollectionExtensions.AddKubeletPlugin{TPlugin}"/>.</summary>
    /// <param name="services">The application's services (the driver, the Kubernetes client, logging, metrics).</param>
    /// <param name="options">The validated options.</param>
    /// <param name="registration">Where kubelet's registration verdict is recorded.</param>
    public KubeletPluginHost(IServiceProvider services, IOptions<KubeletPluginOptions> options, RegistrationState registration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registration);
        this.services = services;
        this.options = options.Value;
        Registration = registration;
        loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        logger = loggerFactory.CreateLogger<KubeletPluginHost>();
        time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var pluginDirectory = this.options.EffectivePluginDirectory();
        DraSocketPath = Path.GetFullPath(Path.Join(pluginDirectory, KubeletSocketNames.DraSocket(this.options.RollingUpdatePodUid)));
        RegistrationSocketPath = Path.GetFullPath(Path.Join(
            this.options.RegistrarDirectory,
            KubeletSocketNames.RegistrationSocket(this.options.RegistrarDirectory, this.options.DriverName, this.options.RollingUpdatePodUid)));
        registration.Changed += status => HostLog.RegistrationStatusChanged(logger, status.Registered, status.Error);
    }

    /// <summary>Gets the absolute path of the DRA service socket (what <c>GetInfo</c> advertises).</summary>
    public string DraSocketPath { get; }

    /// <summary>Gets the absolute path of the registration socket kubelet watches.</summary>
    public string RegistrationSocketPath { get; }

    /// <summary>Gets the health endpoint (<c>…/healthz</c>, <c>…/readyz</c>) once started, or <see langword="null"/> when disabled.</summary>
    public Uri? HealthAddress { get; private set; }

    /// <summary>Gets kubelet's registration verdict as last reported.</summary>
    public RegistrationState Registration { get; }

    /// <summary>Gets the DRA services served and advertised, preferred first.</summary>
    public IReadOnlyList<string> SupportedVersions => options.ServeV1Beta1 ? ["v1.DRAPlugin", "v1beta1.DRAPlugin"] : ["v1.DRAPlugin"];

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            SocketPathTooLongException.ThrowIfTooLong(DraSocketPath);
            SocketPathTooLongException.ThrowIfTooLong(RegistrationSocketPath);
            var client = services.GetRequiredService<KubernetesClientSource>().Client;
            var handler = new DraRequestHandler(
                services.GetRequiredService<IDraPlugin>(),
                new ClaimReader(() => client, options.DriverName, options.ClaimReadTimeout),
                CallSerializer.Create(options),
                services.GetRequiredService<HostMetrics>(),
                logger,
                time);
            RemoveStale(DraSocketPath);
            web = BuildWebApplication(handler);
            await web.StartAsync(cancellationToken).ConfigureAwait(false);
            if (options.HealthPort is not null)
            {
                HealthAddress = new Uri(web.Urls.Single(u => u.StartsWith("http://", StringComparison.Ordinal) && !u.Contains("unix:", StringComparison.Ordinal)));
            }

            registrationServer = await RegistrationServer.StartAsync(
                RegistrationSocketPath,
                new PluginRegistrationInfo(options.DriverName, DraSocketPath, SupportedVersions),
                Registration,
                loggerFactory,
                time,
                cancellationToken).ConfigureAwait(false);
            probe = new HealthProbe(options.DriverName, DraSocketPath, RegistrationSocketPath, Registration, services.GetService<ResourceSliceController>(), logger, time);
            HostLog.Started(logger, options.DriverName, DraSocketPath, string.Join(", ", SupportedVersions), RegistrationSocketPath, HealthAddress?.ToString() ?? "disabled");
        }
        catch (Exception ex)
        {
            HostLog.StartFailed(logger, options.DriverName, ex.Message, ex);
            await StopCoreAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await StopCoreAsync().ConfigureAwait(false);
        HostLog.Stopped(logger, options.DriverName, DraSocketPath, RegistrationSocketPath);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopCoreAsync().ConfigureAwait(false);

    /// <summary>Runs the health check now, as <c>/readyz</c> does.</summary>
    /// <param name="cancellationToken">Ends the check.</param>
    /// <returns><see langword="true"/> when kubelet registered the plugin and both sockets answer.</returns>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        var current = probe ?? throw new InvalidOperationException("the kubelet plugin host is not running");
        return (await current.CheckAsync(cancellationToken).ConfigureAwait(false)).Ready;
    }

    private WebApplication BuildWebApplication(DraRequestHandler handler)
    {
        // The empty builder, not the slim one: no configuration sources, so no appsettings.json watcher. That
        // watcher is recursive over the working directory, which is / in the driver's image, where the host's root
        // is mounted: it would walk the node's whole file system, /proc and /sys included, into inotify watches.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(KubeletPluginHost).Assembly.GetName().Name, Args = [] });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(loggerFactory);
        // The application's host owns SIGTERM; this inner host must not hook the console lifetime as well.
        builder.Services.AddSingleton<IHostLifetime, InnerHostLifetime>();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(handler);
        builder.Services.AddSingleton<DraPluginV1Service>();
        builder.Services.AddSingleton<DraPluginV1Beta1Service>();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.ListenUnixSocket(DraSocketPath, listen => listen.Protocols = HttpProtocols.Http2);
            if (options.HealthPort is { } port)
            {
                kestrel.Listen(IPAddress.Parse(options.HealthBindAddress), port, listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
            }
        });

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            // The TCP port serves health only; the Unix socket serves gRPC only.
            if (context.Connection.LocalIpAddress is not null)
            {
                await HealthAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        app.MapGrpcService<DraPluginV1Service>();
        if (options.ServeV1Beta1)
        {
            app.MapGrpcService<DraPluginV1Beta1Service>();
        }

        return app;
    }

    private async Task HealthAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path is not ("/healthz" or "/readyz") || probe is null)
        {
            context.Response.StatusCode = probe is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status404NotFound;
            await context.Response.WriteAsync(probe is null ? "starting\n" : "use /healthz or /readyz\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var report = await probe.CheckAsync(context.RequestAborted).ConfigureAwait(false);
        var ok = path == "/healthz" ? report.Live : report.Ready;
        context.Response.StatusCode = ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(report.Describe(), context.RequestAborted).ConfigureAwait(false);
    }

    private void RemoveStale(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
            HostLog.StaleSocketRemoved(logger, path);
        }
    }

    private async Task StopCoreAsync()
    {
        if (probe is not null)
        {
            await probe.DisposeAsync().ConfigureAwait(false);
            probe = null;
        }

        if (registrationServer is not null)
        {
            await registrationServer.DisposeAsync().ConfigureAwait(false);
            registrationServer = null;
        }

        if (web is not null)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await web.StopAsync(grace.Token).ConfigureAwait(false);
            await web.DisposeAsync().ConfigureAwait(false);
            web = null;
        }

        if (Path.Exists(DraSocketPath))
        {
            File.Delete(DraSocketPath);
        }
    }

    /// <summary>A lifetime that does nothing: start and stop come from <see cref="KubeletPluginHost"/>.</summary>
    private sealed class InnerHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
