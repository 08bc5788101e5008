using System.Reflection;

namespace Nvidia.Dra.Samples.Tests;

public sealed class EmbeddingSampleTests
{
    [Fact]
    public async Task Main_Simulate_PreparesAndUnpreparesOnceAndExitsZero()
    {
        var entryPoint = Assembly.Load(new AssemblyName("Nvidia.Dra.Embedding")).EntryPoint!;

        var exitCode = await Task.Run(() => (int)entryPoint.Invoke(null, [new[] { "--simulate" }])!);

        exitCode.Should().Be(0);
    }
}
