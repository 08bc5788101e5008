namespace Nvidia.Dra.Kubelet.Tests;

public sealed class SkeletonTests
{
    [Fact]
    public void Event_ids_class_lives_in_the_package() =>
        typeof(KubeletEventIds).Assembly.GetName().Name.Should().Be("Nvidia.Dra.Kubelet");
}
