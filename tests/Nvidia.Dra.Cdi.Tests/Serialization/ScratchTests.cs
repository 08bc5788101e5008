using Xunit.Abstractions;

namespace Nvidia.Dra.Cdi.Tests.Serialization;

public class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Scratch()
    {
        var spec = new CdiSpec("0.5.0", "nvidia.com/gpu")
        {
            Devices =
            [
                new CdiDevice("0", new ContainerEdits { DeviceNodes = [new DeviceNode("/dev/nvidia0") { HostPath = "/dev/nvidia0", FileMode = 438 }] }),
                new CdiDevice("gpu1", new ContainerEdits { Env = ["A=yes", "0644"] }) { Annotations = Annotations.From([new("yes", "0644"), new("a", "")]) },
            ],
            ContainerEdits = new ContainerEdits
            {
                Env = ["NVIDIA_VISIBLE_DEVICES=void"],
                Hooks = [new Hook("createContainer", "/usr/bin/nvidia-cdi-hook") { Args = ["nvidia-cdi-hook", "update-ldcache"], Timeout = 5 }],
                Mounts = [new Mount("/usr/lib/x", "/usr/lib/x") { Options = ["ro", "nosuid"] }],
                IntelRdt = new IntelRdt { ClosId = "x", Schemata = [] },
                AdditionalGids = [0, 44],
            },
        };
        var yaml = CdiSpecSerializer.ToYaml(spec);
        output.WriteLine(yaml);
        var json = CdiSpecSerializer.ToJson(spec);
        output.WriteLine(json);
        CdiSpecSerializer.Parse(yaml).Should().Be(spec);
        CdiSpecSerializer.Parse(json).Should().Be(spec);
    }
}
