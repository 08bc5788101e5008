namespace Nvidia.Dra.Driver.Tests;

public sealed class DriverCommandLineTests
{
    [Fact]
    public void Flags_win_over_environment_variables_which_win_over_defaults()
    {
        var env = new Dictionary<string, string> { ["NODE_NAME"] = "env-node", ["CDI_ROOT"] = "/env/cdi", ["HEALTHCHECK_PORT"] = "51515", ["FEATURE_GATES"] = "PassthroughSupport=true" };

        var ok = DriverCommandLine.TryParse(["--node-name", "flag-node", "--nvidia-driver-root=/run/nvidia/driver"], n => env.GetValueOrDefault(n), out var settings, out var error);

        ok.Should().BeTrue(error);
        settings.NodeName.Should().Be("flag-node");
        settings.NvidiaDriverRoot.Should().Be("/run/nvidia/driver");
        settings.CdiRoot.Should().Be("/env/cdi");
        settings.HealthcheckPort.Should().Be(51515);
        settings.FeatureGates.Should().Be("PassthroughSupport=true");
        settings.HostRoot.Should().Be("/host-root");
        settings.PluginDirectory.Should().Be("/var/lib/kubelet/plugins/gpu.nvidia.com");
    }

    [Fact]
    public void Rolling_update_comes_from_the_pod_uid_only_when_enabled()
    {
        var env = new Dictionary<string, string> { ["POD_UID"] = "0b1c", ["ROLLING_UPDATE"] = "true" };

        DriverCommandLine.TryParse([], n => env.GetValueOrDefault(n), out var enabled, out _).Should().BeTrue();
        env.Remove("ROLLING_UPDATE");
        DriverCommandLine.TryParse([], n => env.GetValueOrDefault(n), out var disabled, out _).Should().BeTrue();

        enabled.RollingUpdatePodUid.Should().Be("0b1c");
        disabled.RollingUpdatePodUid.Should().BeNull();
    }

    [Fact]
    public void Restoring_gpus_left_by_a_lost_checkpoint_is_off_unless_a_flag_or_the_environment_turns_it_on()
    {
        var env = new Dictionary<string, string>();

        DriverCommandLine.TryParse([], n => env.GetValueOrDefault(n), out var byDefault, out _).Should().BeTrue();
        DriverCommandLine.TryParse(["--restore-unrecorded-vfio-gpus=true"], n => env.GetValueOrDefault(n), out var byFlag, out _).Should().BeTrue();
        env["RESTORE_UNRECORDED_VFIO_GPUS"] = "True";
        DriverCommandLine.TryParse([], n => env.GetValueOrDefault(n), out var byEnvironment, out _).Should().BeTrue();
        DriverCommandLine.TryParse(["--restore-unrecorded-vfio-gpus", "false"], n => env.GetValueOrDefault(n), out var flagOverEnvironment, out _).Should().BeTrue();

        (byDefault.RestoreUnrecordedVfioGpus, byFlag.RestoreUnrecordedVfioGpus, byEnvironment.RestoreUnrecordedVfioGpus, flagOverEnvironment.RestoreUnrecordedVfioGpus)
            .Should().Be((false, true, true, false));
    }

    [Theory]
    [InlineData(new[] { "--restore-unrecorded-vfio-gpus", "yes" }, "--restore-unrecorded-vfio-gpus 'yes' is not a boolean; use true or false")]
    [InlineData(new[] { "--healthcheck-port", "abc" }, "--healthcheck-port 'abc' is not a number")]
    [InlineData(new[] { "--frobnicate" }, "unknown argument '--frobnicate'")]
    [InlineData(new[] { "--node-name" }, "--node-name needs a value")]
    public void Bad_flags_give_one_line_naming_the_flag_and_value(string[] args, string expected)
    {
        DriverCommandLine.TryParse(args, _ => null, out _, out var error).Should().BeFalse();

        error.Should().StartWith(expected).And.NotContain("\n");
    }
}
