using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core.Doctor;

namespace Nvidia.Dra.Core.Tests.Doctor;

public sealed class DoctorArgumentTests
{
    [Fact]
    public void AddNvidiaDraDoctor_NullServices_Throws()
    {
        var add = () => DoctorServiceCollectionExtensions.AddNvidiaDraDoctor(null!);

        add.Should().Throw<ArgumentNullException>().WithParameterName("services");
    }

    [Fact]
    public void AddDoctor_NullBuilder_Throws()
    {
        var add = () => DoctorServiceCollectionExtensions.AddDoctor(null!);

        add.Should().Throw<ArgumentNullException>().WithParameterName("builder");
    }

    [Fact]
    public void AddDoctor_AfterAddNvidiaDra_RegistersTheDoctorOnTheSameCollection()
    {
        var services = new ServiceCollection();

        services.AddNvidiaDra(o => o.NodeName = "node-1").AddDoctor(o => o.DevicePluginDirectory = "/plugins");

        services.Should().Contain(d => d.ServiceType == typeof(NodeDoctor));
        services.Count(d => d.ServiceType == typeof(IDoctorCheck)).Should().Be(14);
    }

    [Fact]
    public void DriverRootDetector_EmptyHostRoot_Throws()
    {
        var probe = () => DriverRootDetector.Probe(string.Empty, DoctorOptions.WellKnownDriverRoots);

        probe.Should().Throw<ArgumentException>().WithParameterName("hostRoot");
    }

    [Fact]
    public void DriverRootDetector_NullCandidates_Throws()
    {
        var probe = () => DriverRootDetector.Probe("/", null!);

        probe.Should().Throw<ArgumentNullException>().WithParameterName("candidates");
    }

    [Fact]
    public void DriverRootDetector_ProbePathWithoutPath_Throws()
    {
        var probe = () => DriverRootDetector.ProbePath("/", string.Empty);

        probe.Should().Throw<ArgumentException>().WithParameterName("path");
    }
}
