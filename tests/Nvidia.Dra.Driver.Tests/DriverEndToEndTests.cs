using Microsoft.Extensions.Options;
using Nvidia.Dra.Core;
using Nvidia.Dra.Kubelet.Protocol.V1;
using Nvidia.Dra.Kubelet.Registration.Protos;
using Nvidia.Dra.Testing.FakeApiServer;
using Nvidia.Dra.Testing.SimulatedDriver;

namespace Nvidia.Dra.Driver.Tests;

/// <summary>The whole driver on a simulated 8-GPU node, driven over its sockets the way kubelet does.</summary>
public sealed class DriverEndToEndTests
{
    private const string Uid = "3f0c8e2a-7b1d-4c6e-9a5f-0d2b4e6a8c10";

    [Fact]
    public async Task The_guide_claim_goes_to_vfio_pci_with_cdi_spec_and_metadata_then_everything_comes_back()
    {
        await using var driver = await SimulatedDriverHost.StartAsync();
        var node = driver.Node;
        var settings = driver.Settings;
        var plugin = driver.Plugin;
        var slices = driver.Service.GetResourceSlices();
        var vfio = slices.Devices.First(d => d.Kind == DeviceKind.Vfio);
        driver.Api.PutResourceClaim(GuideClaims.VfioGpu("vms", "virt-launcher-vm1-gpu-x7k2p", Uid, slices.Slices[0].Spec.Pool.Name, vfio.Name));
        var registration = new Registration.RegistrationClient(driver.Channel(plugin.RegistrationSocketPath));
        var dra = new DRAPlugin.DRAPluginClient(driver.Channel(plugin.DraSocketPath));
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
        await driver.Host.StopAsync();
        File.Exists(plugin.DraSocketPath).Should().BeFalse();
        File.Exists(plugin.RegistrationSocketPath).Should().BeFalse();
    }

    [Fact]
    public async Task A_missing_node_name_stops_the_driver_at_start_naming_the_field()
    {
        await using var driver = await SimulatedDriverHost.StartAsync(settings => settings with { NodeName = string.Empty }, start: false);

        var start = () => driver.Host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().Contain(f => f.Contains("NodeName", StringComparison.Ordinal));
        Directory.GetFiles(driver.Settings.KubeletRegistrarDirectory).Should().BeEmpty();
    }
}
