using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Kubelet.Tests.Hosting.Support;

namespace Nvidia.Dra.Kubelet.Tests.Hosting;

/// <summary>Registration, health, sockets over the host's life, rolling updates and socket path limits.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task GetInfo_advertises_the_absolute_dra_socket_and_v1_first()
    {
        await using var harness = await PluginHarness.StartAsync();

        var info = await harness.GetInfoAsync();

        info.Type.Should().Be("DRAPlugin");
        info.Name.Should().Be(TestClaims.Driver);
        info.Endpoint.Should().Be(Path.Join(harness.PluginDirectory, "dra.sock"));
        info.SupportedVersions.Should().Equal("v1.DRAPlugin", "v1beta1.DRAPlugin");
        harness.Kubelet.RegistrationSocketPath.Should().Be(Path.Join(harness.RegistrarDirectory, "gpu.example.com-reg.sock"));
    }

    [Fact]
    public async Task Health_is_live_before_registration_ready_only_after_it_and_reports_a_rejected_registration()
    {
        await using var harness = await PluginHarness.StartAsync();

        var before = await harness.GetHealthAsync("/readyz");
        var live = await harness.GetHealthAsync("/healthz");
        await harness.NotifyAsync(registered: true);
        var ready = await harness.GetHealthAsync("/readyz");
        var rejected = async () => await harness.NotifyAsync(registered: false, "endpoint already registered by another instance");
        await rejected.Should().ThrowAsync<Grpc.Core.RpcException>();
        var after = await harness.GetHealthAsync("/readyz");

        before.Status.Should().Be(503);
        before.Body.Should().Contain("kubelet has not called");
        live.Status.Should().Be(200);
        live.Body.Should().Contain("dra socket: ok").And.Contain("registration socket: ok");
        ready.Status.Should().Be(200);
        ready.Body.Should().Contain("registration: registered");
        after.Status.Should().Be(503);
        after.Body.Should().Contain("registration: failed: endpoint already registered by another instance");
        (await harness.Kubelet.IsReadyAsync()).Should().BeFalse();
    }

    [Fact]
    public async Task A_running_host_sets_no_file_watch()
    {
        // A configuration-file watcher would be recursive over the working directory, which is / in the driver's
        // image with the node's root mounted below it. No test in this process watches files, so any watch is the host's.
        await using var harness = await PluginHarness.StartAsync();
        await harness.NotifyAsync(registered: true);

        InotifyWatchesOfThisProcess().Should().Be(0);
    }

    [Fact]
    public async Task Health_fails_when_the_dra_socket_stops_answering()
    {
        await using var harness = await PluginHarness.StartAsync();
        await harness.NotifyAsync(registered: true);

        // Someone removed the socket file: kubelet can no longer dial the plugin.
        File.Delete(harness.Kubelet.DraSocketPath);
        var health = await harness.GetHealthAsync("/healthz");

        health.Status.Should().Be(503);
        health.Body.Should().MatchRegex("dra socket: (?!ok)");
    }

    [Fact]
    public async Task Stop_removes_both_sockets_and_a_restart_over_stale_socket_files_serves_again()
    {
        var root = PluginHarness.NewRoot();
        await using var api = await Nvidia.Dra.Testing.FakeApiServer.FakeKubernetesApiServer.StartAsync();
        try
        {
            string dra, registration;
            await using (var first = await PluginHarness.StartAsync(root: root, api: api))
            {
                dra = first.Kubelet.DraSocketPath;
                registration = first.Kubelet.RegistrationSocketPath;
                File.Exists(dra).Should().BeTrue();
                File.Exists(registration).Should().BeTrue();
                await first.StopAsync();
                File.Exists(dra).Should().BeFalse();
                File.Exists(registration).Should().BeFalse();
            }

            // A killed instance leaves bound socket files nobody listens on.
            LeaveStaleSocket(dra);
            LeaveStaleSocket(registration);
            await using var second = await PluginHarness.StartAsync(root: root, api: api);
            api.PutResourceClaim(TestClaims.Allocated("vms", "a", "uid-a", ("gpu", TestClaims.Driver, "gpu-0")));

            var response = await second.DraV1().NodePrepareResourcesAsync(PluginHarness.PrepareRequest(("vms", "a", "uid-a")));
            var info = await second.GetInfoAsync();

            response.Claims["uid-a"].Error.Should().BeEmpty();
            info.Endpoint.Should().Be(dra);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Two_instances_in_rolling_update_mode_have_their_own_sockets_and_never_interleave_calls()
    {
        var root = PluginHarness.NewRoot();
        await using var api = await Nvidia.Dra.Testing.FakeApiServer.FakeKubernetesApiServer.StartAsync();
        var plugin = new RecordingPlugin { Delay = TimeSpan.FromMilliseconds(40) };
        try
        {
            await using var old = await PluginHarness.StartAsync(o => o.RollingUpdatePodUid = "pod-old", root, api, plugin);
            await using var @new = await PluginHarness.StartAsync(o => o.RollingUpdatePodUid = "pod-new", root, api, plugin);
            for (var i = 0; i < 6; i++)
            {
                api.PutResourceClaim(TestClaims.Allocated("vms", $"c{i}", $"uid-{i}", ("gpu", TestClaims.Driver, $"gpu-{i}")));
            }

            var calls = Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? old : @new).DraV1()
                .NodePrepareResourcesAsync(PluginHarness.PrepareRequest(("vms", $"c{i}", $"uid-{i}"))).ResponseAsync).ToList();
            var responses = await Task.WhenAll(calls);

            old.Kubelet.DraSocketPath.Should().EndWith("/dra-pod-old.sock");
            @new.Kubelet.RegistrationSocketPath.Should().EndWith("/gpu.example.com-pod-new-reg.sock");
            responses.SelectMany(r => r.Claims.Values).Should().OnlyContain(c => c.Error.Length == 0);
            plugin.MaxConcurrency.Should().Be(1);
            var spans = plugin.Calls.OrderBy(c => c.Start).ToList();
            spans.Should().HaveCount(6);
            spans.Zip(spans.Skip(1)).Should().OnlyContain(pair => pair.First.End <= pair.Second.Start);
            File.Exists(Path.Join(old.PluginDirectory, "serialize.lock")).Should().BeTrue();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_socket_path_over_108_bytes_stops_the_host_at_start_naming_the_field_and_remedy()
    {
        var root = PluginHarness.NewRoot();
        var deep = Path.Join(root, new string('d', 60), new string('e', 60));
        Directory.CreateDirectory(deep);
        try
        {
            var start = () => PluginHarness.StartAsync(o => o.PluginDirectory = deep, root);

            var error = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;

            error.Message.Should().Contain("PluginDirectory").And.Contain(Path.Join(deep, "dra.sock")).And.Contain("at most 107").And.Contain("shorter directory");
            File.Exists(Path.Join(deep, "dra.sock")).Should().BeFalse();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Rolling_update_registration_names_fall_back_to_hashed_names_that_fit()
    {
        const string uid = "2b8f6a4e-6d0c-4f4a-9a8e-0c1d2e3f4a5b";
        var shortDir = "/var/lib/kubelet/plugins_registry";
        var longDir = "/var/lib/kubelet/" + new string('r', 40);

        var plain = KubeletSocketNames.RegistrationSocket(shortDir, "gpu.nvidia.com", uid);
        var hashed = KubeletSocketNames.RegistrationSocket(longDir, "gpu.nvidia.com", uid);
        var shortest = KubeletSocketNames.RegistrationSocket(longDir, new string('x', 50) + ".example.com", uid);

        plain.Should().Be($"gpu.nvidia.com-{uid}-reg.sock");
        hashed.Should().MatchRegex("^gpu\\.nvidia\\.com-[A-Za-z0-9_-]{11}-reg\\.sock$");
        shortest.Should().MatchRegex("^dra-[A-Za-z0-9_-]{22}-reg\\.sock$");
        KubeletSocketNames.Fits(Path.Join(longDir, hashed)).Should().BeTrue();
        KubeletSocketNames.Fits(Path.Join(longDir, $"gpu.nvidia.com-{uid}-reg.sock")).Should().BeFalse();
    }

    [Fact]
    public async Task Invalid_options_name_the_field_the_value_and_the_remedy()
    {
        var start = () => PluginHarness.StartAsync(o =>
        {
            o.DriverName = "GPU_Example";
            o.NodeName = string.Empty;
            o.HealthPort = 70000;
        });

        var error = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;

        error.Failures.Should().Contain(f => f.StartsWith("DriverName 'GPU_Example'", StringComparison.Ordinal));
        error.Failures.Should().Contain(f => f.StartsWith("NodeName is empty", StringComparison.Ordinal) && f.Contains("NODE_NAME"));
        error.Failures.Should().Contain(f => f.StartsWith("HealthPort 70000", StringComparison.Ordinal));
    }

    private static void LeaveStaleSocket(string path)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        File.Exists(path).Should().BeTrue();
    }

    private static int InotifyWatchesOfThisProcess() =>
        Directory.GetFiles("/proc/self/fd")
            .Where(fd => new FileInfo(fd).LinkTarget == "anon_inode:inotify")
            .Sum(fd => File.ReadLines(Path.Join("/proc/self/fdinfo", Path.GetFileName(fd))).Count(line => line.StartsWith("inotify wd:", StringComparison.Ordinal)));
}
