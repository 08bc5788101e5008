using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nvidia.Dra.Core;
using Nvidia.Dra.Core.Doctor;
using Nvidia.Dra.Embedding;
using Nvidia.Dra.Testing;

// A .NET DRA kubelet plugin embedding Nvidia.Dra: register the packages once, then answer kubelet's calls through
// IDraNodeService (see KubeletPlugin.cs). `--simulate` runs the whole flow once on a simulated 8-GPU node and exits.
using var simulated = args.Contains("--simulate") ? SimulatedNode.Create(SimulatedTopologies.Hgx8Gpu()) : null;

var builder = Host.CreateApplicationBuilder(args);
builder.Services
    .AddNvidiaDra(options =>                      // Core + Cdi + Vfio + Nvml, every default a TryAdd
    {
        options.NodeName = Environment.GetEnvironmentVariable("NODE_NAME") ?? "node-1";
        options.FeatureGatesFlag = "PassthroughSupport=true,DeviceMetadata=true";
        options.NvidiaDriverRoot = "/";           // /run/nvidia/driver with the GPU Operator
    })
    .AddDoctor();                                 // optional: nvdra doctor's read-only checks
builder.Services.Configure<NvidiaDraOptions>(builder.Configuration.GetSection("NvidiaDra")); // e.g. --NvidiaDra:HostRoot=/
if (simulated is not null)
{
    builder.Services.UseSimulatedNode(simulated); // replaces the host's /sys, /proc, /dev and NVML
}

var outcome = new PluginOutcome();
builder.Services.AddSingleton(outcome);
builder.Services.AddHostedService<KubeletPlugin>();
try
{
    using var host = builder.Build();
    await host.RunAsync();                        // options are validated here, before anything reads the node
}
catch (Exception exception) when (exception is not OperationCanceledException)
{
    // A plugin that cannot start must exit non-zero, so that its pod restarts and shows why.
    Console.Error.WriteLine($"fatal: the plugin could not start: {exception.Message}");
    return 1;
}

return outcome.ExitCode;
