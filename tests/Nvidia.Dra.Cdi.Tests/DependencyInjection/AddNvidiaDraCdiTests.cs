using System.IO.Abstractions;
using System.IO.Abstractions.TestingHelpers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Cdi.Tests.DependencyInjection;

public class AddNvidiaDraCdiTests
{
    [Fact]
    public void AddNvidiaDraCdi_RegistersServicesWithDefaults()
    {
        using var provider = new ServiceCollection().AddNvidiaDraCdi().BuildServiceProvider();

        provider.GetRequiredService<IFileSystem>().Should().BeOfType<FileSystem>();
        provider.GetRequiredService<ICdiRegistry>().SpecDirectories.Should().Equal("/etc/cdi", "/var/run/cdi");
        provider.GetRequiredService<ICdiSpecWriter>().Directory.Should().Be("/var/run/cdi");
        provider.GetRequiredService<ICdiRegistry>().Should().BeSameAs(provider.GetRequiredService<ICdiRegistry>());
    }

    [Fact]
    public void AddNvidiaDraCdi_ConfigureCallback_SetsDirectories()
    {
        using var provider = new ServiceCollection()
            .AddNvidiaDraCdi(o =>
            {
                o.SpecDirectories = ["/opt/cdi"];
                o.WriteDirectory = "/run/custom";
            })
            .BuildServiceProvider();

        provider.GetRequiredService<ICdiRegistry>().SpecDirectories.Should().Equal("/opt/cdi");
        provider.GetRequiredService<ICdiSpecWriter>().Directory.Should().Be("/run/custom");
    }

    [Fact]
    public void AddNvidiaDraCdi_CalledTwice_RegistersOnceAndKeepsBothCallbacks()
    {
        var services = new ServiceCollection()
            .AddNvidiaDraCdi(o => o.WriteDirectory = "/first")
            .AddNvidiaDraCdi(o => o.SpecDirectories = ["/second"]);

        services.Count(d => d.ServiceType == typeof(ICdiRegistry)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(ICdiSpecWriter)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IFileSystem)).Should().Be(1);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<CdiOptions>>().Value;
        options.WriteDirectory.Should().Be("/first");
        options.SpecDirectories.Should().Equal("/second");
    }

    [Fact]
    public async Task AddNvidiaDraCdi_KeepsExistingRegistrations()
    {
        var fileSystem = new MockFileSystem();
        var services = new ServiceCollection();
        services.AddSingleton<IFileSystem>(fileSystem);
        services.AddNvidiaDraCdi();
        using var provider = services.BuildServiceProvider();

        var path = await provider.GetRequiredService<ICdiSpecWriter>().WriteAsync(TestSupport.Specs.Minimal(), "spec");

        fileSystem.File.Exists(path).Should().BeTrue();
        provider.GetRequiredService<IFileSystem>().Should().BeSameAs(fileSystem);
    }

    [Fact]
    public void AddNvidiaDraCdi_HostRegisteredWriter_Wins()
    {
        var services = new ServiceCollection();
        var writer = new CdiSpecWriter("/custom", new MockFileSystem());
        services.AddSingleton<ICdiSpecWriter>(writer);
        services.AddNvidiaDraCdi();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<ICdiSpecWriter>().Should().BeSameAs(writer);
    }

    [Theory]
    [InlineData("relative/dir", "/var/run/cdi", "SpecDirectories[0]")]
    [InlineData("/etc/cdi", "relative", "WriteDirectory")]
    [InlineData("/etc/cdi", "", "WriteDirectory")]
    public void Options_Invalid_FailOnFirstUse(string specDirectory, string writeDirectory, string field)
    {
        using var provider = new ServiceCollection()
            .AddNvidiaDraCdi(o =>
            {
                o.SpecDirectories = [specDirectory];
                o.WriteDirectory = writeDirectory;
            })
            .BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<CdiOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(field);
    }

    [Fact]
    public void Options_NoSpecDirectories_FailsValidation()
    {
        using var provider = new ServiceCollection().AddNvidiaDraCdi(o => o.SpecDirectories = []).BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<CdiOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("SpecDirectories");
    }

    [Fact]
    public void AddNvidiaDraCdi_NullServices_Throws() =>
        FluentActions.Invoking(() => CdiServiceCollectionExtensions.AddNvidiaDraCdi(null!)).Should().Throw<ArgumentNullException>();
}
