using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Core.Tests.Options;

public class NvidiaDraOptionsValidationTests
{
    private static NvidiaDraOptions Valid() => new() { NodeName = "worker-1" };

    private static string[] Validate(NvidiaDraOptions options)
    {
        var failures = new List<string>();
        foreach (var validator in new IValidateOptions<NvidiaDraOptions>[] { new NvidiaDraOptionsValidator(), new NvidiaDraOptionsRulesValidator() })
        {
            var result = validator.Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
            if (result.Failed)
            {
                failures.AddRange(result.Failures);
            }
        }

        return [.. failures];
    }

    [Fact]
    public void Validate_Defaults_WithNodeName_Pass()
    {
        var options = Valid();

        Validate(options).Should().BeEmpty();
        options.DriverName.Should().Be("gpu.nvidia.com");
        options.CdiRoot.Should().Be("/var/run/cdi");
        options.PluginDataDirectory.Should().Be("/var/lib/kubelet/plugins/gpu.nvidia.com");
        options.NvidiaDriverRoot.Should().Be("/");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/run/nvidia/driver")]
    [InlineData("/home/kubernetes/bin/nvidia")]
    [InlineData("/opt/custom/driver")]
    public void Validate_DriverRoots_Accepted(string root)
    {
        var options = Valid();
        options.NvidiaDriverRoot = root;

        Validate(options).Should().BeEmpty();
    }

    [Fact]
    public void Validate_MissingNodeName_FailsNamingField()
    {
        var failures = Validate(new NvidiaDraOptions());

        failures.Should().Contain(f => f.Contains("NodeName", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Worker_1")]
    [InlineData("-worker")]
    public void Validate_BadNodeName_Fails(string node)
    {
        var options = Valid();
        options.NodeName = node;

        Validate(options).Should().ContainSingle().Which.Should().Contain(node).And.Contain("node name");
    }

    [Theory]
    [InlineData("GPU.nvidia.com")]
    [InlineData("gpu_nvidia")]
    [InlineData("a-very-long-driver-name-that-goes-on-and-on-and-on.example.nvidia.com")]
    public void Validate_BadDriverName_Fails(string driver)
    {
        var options = Valid();
        options.DriverName = driver;

        Validate(options).Should().ContainSingle().Which.Should().Contain("driver name");
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("/var/../etc")]
    [InlineData("")]
    public void Validate_BadPaths_FailNamingField(string path)
    {
        var options = Valid();
        options.CdiRoot = path;

        Validate(options).Should().Contain(f => f.Contains("CdiRoot", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PrepareTimeoutAtKubeletLimit_Fails()
    {
        var options = Valid();
        options.PrepareTimeout = TimeSpan.FromSeconds(45);

        Validate(options).Should().Contain(f => f.Contains("PrepareTimeout 45 s must be below kubelet's 45 s", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_StepsExceedPrepareTimeout_Fails()
    {
        var options = Valid();
        options.HolderWaitTimeout = TimeSpan.FromSeconds(30);

        Validate(options).Should().ContainSingle().Which.Should().Contain("exceeds PrepareTimeout");
    }

    [Fact]
    public void Validate_NonPositiveTimeout_Fails()
    {
        var options = Valid();
        options.NodeLockTimeout = TimeSpan.Zero;

        Validate(options).Should().Contain(f => f.Contains("NodeLockTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadFeatureGates_Fails()
    {
        var options = Valid();
        options.FeatureGatesFlag = "DeviceMetadata=true";

        Validate(options).Should().ContainSingle().Which.Should().Contain("DeviceMetadata requires PassthroughSupport");
    }

    [Fact]
    public void Resolve_InvalidOptionsThroughDi_ThrowsOptionsValidationException()
    {
        using var provider = new ServiceCollection().AddNvidiaDra(o => o.PrepareTimeout = TimeSpan.FromMinutes(1)).Services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<NvidiaDraOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain(f => f.Contains("NodeName", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("PrepareTimeout", StringComparison.Ordinal));
    }
}
