using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Nvml.Tests.Options;

public sealed class NvmlIdleUnloadDelayValidationTests
{
    public static TheoryData<TimeSpan> Valid => new()
    {
        TimeSpan.Zero,
        TimeSpan.FromMilliseconds(1),
        TimeSpan.FromSeconds(10),
        TimeSpan.FromDays(1),
        Timeout.InfiniteTimeSpan,
    };

    public static TheoryData<TimeSpan> Invalid => new()
    {
        TimeSpan.FromMilliseconds(-2),
        TimeSpan.FromSeconds(-10),
        TimeSpan.FromDays(1) + TimeSpan.FromTicks(1),
        TimeSpan.MaxValue,
        TimeSpan.MinValue,
    };

    [Fact]
    public void Default_IsTenSeconds()
    {
        new NvmlOptions().IdleUnloadDelay.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Validate_AcceptedDelay_Passes(TimeSpan delay)
    {
        var result = new NvmlOptionsPathValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, new NvmlOptions { IdleUnloadDelay = delay });

        result.Succeeded.Should().BeTrue(result.FailureMessage);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_NegativeOrTooLong_FailsNamingTheFieldAndTheRemedy(TimeSpan delay)
    {
        var result = new NvmlOptionsPathValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, new NvmlOptions { IdleUnloadDelay = delay });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain(nameof(NvmlOptions.IdleUnloadDelay)).And.Contain("InfiniteTimeSpan").And.Contain(delay.ToString());
    }

    [Fact]
    public void Constructor_NegativeDelay_ThrowsOptionsValidationException()
    {
        var act = () => new NvmlClient(new NvmlOptions { IdleUnloadDelay = TimeSpan.FromSeconds(-1) });

        act.Should().Throw<OptionsValidationException>().WithMessage("*IdleUnloadDelay*");
    }

    [Fact]
    public async Task StartAsync_NegativeDelay_FailsAtStartUp()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddNvidiaDraNvml(options => options.IdleUnloadDelay = TimeSpan.FromMinutes(-1));
        using var host = builder.Build();

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("IdleUnloadDelay");
    }
}
