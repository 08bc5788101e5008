using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Core;
using Nvidia.Dra.Kubelet;
using Nvidia.Dra.Kubelet.Protocol.V1;
using Nvidia.Dra.Kubelet.Registration.Protos;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Testing.FakeApiServer;

namespace Nvidia.Dra.Driver.Tests;

/// <summary>The whole driver on a simulated 8-GPU node, driven over its sockets the way kubelet does.</summary>
public sealed class DriverEndToEndTests
{
    private const string Uid = "3f0c8e2a-7b1d-4c6e-9a5f-0d2b4e6a8c10";

    [Fact]
    public async Task The_guide_claim_goes_to_vfio_pci_with_cdi_spec_and_metadata_then_everything_comes_back()
    {
        using var node = SimulatedNode.Create(SimulatedTopologies.Hgx8Gpu());
        var kubelet = Directory.CreateTempSubdirectory("kd-").FullName;
        await using var api = await FakeKubernetesApiServer.StartAsync();
        try
        {
            var settings = Settings(node, kubelet, api);
            using var host = Build(node, settings);
            await host.StartAsync();
            var plugin = host.Services.GetRequiredService<KubeletPluginHost>();
            var slices = host.Services.GetRequiredService<IDraNodeService>().GetResourceSlices();
            var vfio = slices.Devices.First(d => d.Kind == DeviceKind.Vfio);
            api.PutResourceClaim(GuideClaims.VfioGpu("vms", "virt-launcher-vm1-gpu-x7k2p", Uid, slices.Slices[0].Spec.Pool.Name, vfio.Name));
            using var registrationChannel = Channel(plugin.RegistrationSocketPath);
            using var draChannel = Channel(plugin.DraSocketPath);
            var registration = new Registration.RegistrationClient(registrationChannel);
            var dra = new DRAPlugin.DRAPluginClient(draChannel);
            var gpu = Vfio.PciAddress.Parse(vfio.PciAddress);

            var info = await registration.GetInfoAsync(new InfoRequest());
            await registration.NotifyRegistrationStatusAsync(new RegistrationStatus { PluginRegistered = true });
            var prepared = await dra.NodePrepareResourcesAsync(new NodePrepareResourcesRequest { Claims = { new Claim { Namespace = "vms", Name = "virt-launcher-vm1-gpu-x7k2p", Uid = Uid } } });

            info.Endpoint.Should().Be(plugin.DraSocketPath);
            (await plugin.IsReadyAsync()).Should().BeTrue();
            var claim = prepared.Claims[Uid];
            claim.Error.Should().BeEmpty();
            claim.Devices.Should().ContainSingle().Which.DeviceName.Should().Be(vfio.Name);
            claim.Devices[0].CdiDeviceIds.Should().Contain(id => id.StartsWith("gpu.nvidia.com/metadata=", StringComparison.Ordinal));
            node.Host.DriverOf(gpu).Should().Be("vfio-pci");
            Directory.GetFiles(settings.CdiRoot).Should().HaveCount(2);
            Directory.GetFiles(Path.Join(settings.PluginDirectory, "dra-device-metadata"), "metadata.json", SearchOption.AllDirectories).Should().ContainSingle()
                .Which.Should().Match(p => File.ReadAllText(p).Contains(gpu.ToString(), StringComparison.Ordinal));

            var unprepared = await dra.NodeUnprepareResourcesAsync(new NodeUnprepareResourcesRequest { Claims = { new Claim { Namespace = "vms", Name = "virt-launcher-vm1-gpu-x7k2p", Uid = Uid } } });

            unprepared.Claims[Uid].Error.Should().BeEmpty();
            node.Host.DriverOf(gpu).Should().Be("nvidia");
            Directory.GetFiles(settings.CdiRoot).Should().BeEmpty();
            await host.StopAsync();
            File.Exists(plugin.DraSocketPath).Should().BeFalse();
            File.Exists(plugin.RegistrationSocketPath).Should().BeFalse();
        }
        finally
        {
            Directory.Delete(kubelet, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_node_name_stops_the_driver_at_start_naming_the_field()
    {
        using var node = SimulatedNode.Create(SimulatedTopologies.Hgx8Gpu());
        var kubelet = Directory.CreateTempSubdirectory("kd-").FullName;
        await using var api = await FakeKubernetesApiServer.StartAsync();
        try
        {
            using var host = Build(node, Settings(node, kubelet, api) with { NodeName = string.Empty });

            var start = () => host.StartAsync();

            (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().Contain(f => f.Contains("NodeName", StringComparison.Ordinal));
            Directory.GetFiles(Path.Join(kubelet, "plugins_registry")).Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(kubelet, recursive: true);
        }
    }

    internal static DriverSettings Settings(SimulatedNode node, string kubelet, FakeKubernetesApiServer api)
    {
        Directory.CreateDirectory(Path.Join(kubelet, "plugins_registry"));
        Directory.CreateDirectory(Path.Join(kubelet, "plugins", "gpu.nvidia.com"));
        Directory.CreateDirectory(Path.Join(kubelet, "cdi"));
        return new DriverSettings
        {
            NodeName = "hgx-node-1",
            FeatureGates = "PassthroughSupport=true,DeviceMetadata=true",
            HostRoot = node.Host.Root,
            ContainerDriverRoot = node.Host.DriverRoot,
            CdiRoot = Path.Join(kubelet, "cdi"),
            KubeletRegistrarDirectory = Path.Join(kubelet, "plugins_registry"),
            KubeletPluginsDirectory = Path.Join(kubelet, "plugins"),
            HealthcheckPort = 0,
            HealthcheckAddress = "127.0.0.1",
            Kubeconfig = api.WriteKubeconfig(Path.Join(kubelet, "kubeconfig")),
        };
    }

    internal static IHost Build(SimulatedNode node, DriverSettings settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<INvml>(node.Nvml);
        builder.Services.AddNvidiaDraDriver(settings, core => core.HolderWaitTimeout = TimeSpan.FromSeconds(1));
        builder.Services.AddSimulatedVfioHost(node.Host);
        return builder.Build();
    }

    internal static GrpcChannel Channel(string socketPath) => GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        },
    });
}
