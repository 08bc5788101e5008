using System.Reflection;

namespace Nvidia.Dra.Samples.Tests;

public sealed class EmbeddingSampleTests
{
    private static Task<int> RunAsync(params string[] args)
    {
        var entryPoint = Assembly.Load(new AssemblyName("Nvidia.Dra.Embedding")).EntryPoint!;
        return Task.Run(() => (int)entryPoint.Invoke(null, [args])!);
    }

    [Fact]
    public async Task Main_Simulate_PreparesAndUnpreparesOnceAndExitsZero()
    {
        var exitCode = await RunAsync("--simulate");

        exitCode.Should().Be(0);
    }

    [Fact]
    public async Task Main_FatalStartUpError_ExitsNonZero()
    {
        // A relative host root fails the options validation at start, before anything reads the node.
        var exitCode = await RunAsync("--NvidiaDra:HostRoot=relative/host-root");

        exitCode.Should().Be(1);
    }
}
