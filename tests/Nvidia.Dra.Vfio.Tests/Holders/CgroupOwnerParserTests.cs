namespace Nvidia.Dra.Vfio.Tests;

public sealed class CgroupOwnerParserTests
{
    [Theory]
    [InlineData("0::/system.slice/nvidia-persistenced.service\n", HolderOwnerKind.SystemdUnit, "nvidia-persistenced.service", null)]
    [InlineData("0::/kubepods.slice/kubepods-pod11111111_2222_3333_4444_555555555555.slice/cri-containerd-abc123.scope\n", HolderOwnerKind.Container, "abc123", "11111111-2222-3333-4444-555555555555")]
    [InlineData("0::/kubepods.slice/kubepods-burstable.slice/crio-def456.scope", HolderOwnerKind.Container, "def456", null)]
    [InlineData("0::/system.slice/docker-0a1b2c.scope", HolderOwnerKind.Container, "0a1b2c", null)]
    [InlineData("0::/kubepods/besteffort/pod11111111-2222-3333-4444-555555555555/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", HolderOwnerKind.Container, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "11111111-2222-3333-4444-555555555555")]
    [InlineData("12:memory:/system.slice/x.service\n1:name=systemd:/system.slice/nvidia-dcgm.service\n", HolderOwnerKind.SystemdUnit, "nvidia-dcgm.service", null)]
    [InlineData("0::/user.slice/user-0.slice/session-3.scope", HolderOwnerKind.Unknown, null, null)]
    [InlineData("", HolderOwnerKind.Unknown, null, null)]
    public void Parse_CgroupFile_NamesOwner(string text, HolderOwnerKind kind, string? name, string? pod)
    {
        var owner = CgroupOwnerParser.Parse(text);

        owner.Kind.Should().Be(kind);
        owner.Name.Should().Be(name);
        owner.PodUid.Should().Be(pod);
    }
}
