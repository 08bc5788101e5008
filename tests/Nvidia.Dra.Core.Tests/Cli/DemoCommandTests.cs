using System.CommandLine;
using Nvidia.Dra.Cli.Demo;

namespace Nvidia.Dra.Core.Tests.Cli;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_OnTheEmbeddedNode_RunsTheWholeFlowAndExitsZero()
    {
        var root = new RootCommand { DemoCommand.Create() };
        using var output = new StringWriter();

        var exitCode = await root.Parse(["demo"]).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });

        var text = output.ToString();
        exitCode.Should().Be(0, text);
        text.Should().Contain("\"name\": \"vfio.gpu.nvidia.com\"")
            .And.Contain("gpu-vfio-0000-18-00-0     vfio  0000:18:00.0  40")
            .And.MatchRegex(@"00000-gpu\.nvidia\.com-hgx-node-1-[a-z0-9]{5}: driver gpu\.nvidia\.com, node hgx-node-1, pool hgx-node-1 generation 1, 8 devices, 0 counter sets, owner Node/hgx-node-1")
            .And.Contain("stored devices equal the driver's pool: True")
            .And.Contain("exclusion of a GPU's two views: none needed")
            .And.Contain("kind: VfioDeviceConfig")
            .And.Contain("CDI k8s.gpu.nvidia.com/claim=3f0c8e2a-7b1d-4c6e-9a5f-0d2b4e6a8c10-gpu-vfio-0000-18-00-0")
            .And.Contain("GPU 0000:18:00.0 is now on vfio-pci; persistence mode off")
            .And.Contain("- NVIDIA_VISIBLE_DEVICES=void")
            .And.Contain("- path: /dev/vfio/vfio")
            .And.Contain("- path: /dev/vfio/40")
            .And.Contain("\"resource.kubernetes.io/pciBusID\":{\"string\":\"0000:18:00.0\"}")
            .And.Contain("nv-hostengine, unit nvidia-dcgm.service")
            .And.Contain("GPU 0000:2a:00.0 stays on nvidia, persistence on")
            .And.Contain("GPU 0000:18:00.0 is back on nvidia; persistence mode on; driver_override (null)")
            .And.Contain("CDI specs left: 0; metadata files left: 0");
    }

    [Fact]
    public async Task Demo_Full_PrintsTheResourceSliceManifest()
    {
        var root = new RootCommand { DemoCommand.Create() };
        using var output = new StringWriter();

        var exitCode = await root.Parse(["demo", "--full"]).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });

        exitCode.Should().Be(0);
        output.ToString().Should().Contain("\"kind\": \"ResourceSlice\"").And.Contain("\"gpu-vfio-0000-18-00-0\"")
            .And.NotContain("\"sharedCounters\"", "a passthrough-only node publishes one view per GPU and no counters");
    }
}
