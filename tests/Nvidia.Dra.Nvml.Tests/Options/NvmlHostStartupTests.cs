using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Nvml.Tests.Options;

public sealed class NvmlHostStartupTests
{
    [Fact]
    public async Task StartAsync_InvalidOptions_FailsAtStartUp()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddNvidiaDraNvml(options => options.DriverRoot = "run/nvidia/driver");
        using var host = builder.Build();

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("DriverRoot");
    }
}
