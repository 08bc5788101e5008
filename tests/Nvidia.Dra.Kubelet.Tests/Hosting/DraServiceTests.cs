using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Nvidia.Dra.Kubelet.Tests.Hosting.Support;

namespace Nvidia.Dra.Kubelet.Tests.Hosting;

/// <summary>The DRA service as kubelet reaches it: gRPC over the real Unix socket, claims read from the API server.</summary>
public sealed class DraServiceTests
{
    [Fact]
    public async Task Prepare_v1_reads_the_claim_and_hands_the_driver_only_its_own_results()
    {
        await using var harness = await PluginHarness.StartAsync();
        harness.Api.PutResourceClaim(TestClaims.Allocated("vms", "vm1-gpu", "uid-1", ("gpu/big", TestClaims.Driver, "gpu-0"), ("nic", "net.example.com", "eth-3")));

        var response = await harness.DraV1().NodePrepareResourcesAsync(PluginHarness.PrepareRequest(("vms", "vm1-gpu", "uid-1")));

        response.Claims.Should().ContainKey("uid-1");
        var claim = response.Claims["uid-1"];
        claim.Error.Should().BeEmpty();
        claim.Devices.Should().ContainSingle();
        claim.Devices[0].DeviceName.Should().Be("gpu-0");
        claim.Devices[0].PoolName.Should().Be("node-1");
        claim.Devices[0].RequestNames.Should().Equal("gpu");    // subrequest stripped, as kubelet matches base requests
        claim.Devices[0].CdiDeviceIds.Should().Equal("example.com/device=uid-1-gpu-0");
        harness.Plugin.Prepared.Should().ContainSingle().Which.Status.Allocation.Devices.Results.Select(r => r.Driver).Should().Equal(TestClaims.Driver);
        harness.Api.Requests.Should().Contain("GET /apis/resource.k8s.io/v1/namespaces/vms/resourceclaims/vm1-gpu");
    }

    [Fact]
    public async Task Prepare_and_unprepare_v1beta1_map_onto_the_same_service()
    {
        await using var harness = await PluginHarness.StartAsync();
        harness.Api.PutResourceClaim(TestClaims.Allocated("vms", "c", "uid-b", ("gpu", TestClaims.Driver, "gpu-1")));
        var client = harness.DraV1Beta1();

        var prepared = await client.NodePrepareResourcesAsync(new Protocol.V1Beta1.NodePrepareResourcesRequest { Claims = { new Protocol.V1Beta1.Claim { Namespace = "vms", Name = "c", Uid = "uid-b" } } });
        var unprepared = await client.NodeUnprepareResourcesAsync(new Protocol.V1Beta1.NodeUnprepareResourcesRequest { Claims = { new Protocol.V1Beta1.Claim { Namespace = "vms", Name = "c", Uid = "uid-b" } } });

        prepared.Claims["uid-b"].Devices.Single().CdiDeviceIds.Should().Equal("example.com/device=uid-b-gpu-1");
        unprepared.Claims.Should().ContainKey("uid-b").WhoseValue.Error.Should().BeEmpty();
        harness.Plugin.Unprepared.Should().ContainSingle().Which.Should().Be(new DraClaimReference("vms", "c", "uid-b"));
    }

    [Fact]
    public async Task Missing_unallocated_and_replaced_claims_fail_alone_while_the_rest_of_the_batch_is_prepared()
    {
        await using var harness = await PluginHarness.StartAsync();
        using var errors = new MetricCollector<long>(harness.Host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "Nvidia.Dra.Kubelet", "dra.kubelet.plugin.claim.errors");
        harness.Api.PutResourceClaim(TestClaims.Allocated("vms", "good", "uid-good", ("gpu", TestClaims.Driver, "gpu-0")));
        harness.Api.PutResourceClaim(TestClaims.Unallocated("vms", "pending", "uid-pending"));
        harness.Api.PutResourceClaim(TestClaims.Allocated("vms", "recreated", "uid-new", ("gpu", TestClaims.Driver, "gpu-1")));

        var response = await harness.DraV1().NodePrepareResourcesAsync(PluginHarness.PrepareRequest(
            ("vms", "good", "uid-good"), ("vms", "gone", "uid-gone"), ("vms", "pending", "uid-pending"), ("vms", "recreated", "uid-old")));

        response.Claims.Keys.Should().BeEquivalentTo("uid-good", "uid-gone", "uid-pending", "uid-old");
        response.Claims["uid-good"].Error.Should().BeEmpty();
        response.Claims["uid-good"].Devices.Should().ContainSingle();
        response.Claims["uid-gone"].Error.Should().Contain("vms/gone").And.Contain("not found");
        response.Claims["uid-pending"].Error.Should().Contain("not allocated");
        response.Claims["uid-old"].Error.Should().Contain("got replaced").And.Contain("uid-new");
        harness.Plugin.Prepared.Select(c => c.Metadata.Uid).Should().Equal("uid-good");
        errors.GetMeasurementSnapshot().Select(m => m.Tags["reason"]).Should().BeEquivalentTo(["not_found", "not_allocated", "replaced"]);
    }

    [Fact]
    public async Task A_driver_error_for_one_claim_and_a_missing_answer_stay_per_claim()
    {
        await using var harness = await PluginHarness.StartAsync();
        harness.Plugin.FailClaim = c => c.Metadata.Name == "bad" ? "GPU 0000:18:00.0 is held by nv-hostengine" : null;
        harness.Api.PutResourceClaim(TestClaims.Allocated("vms", "bad", "uid-bad", ("gpu", TestClaims.Driver, "gpu-0")));
        harness.Api.PutResourceClaim(TestClaims.Allocated("vms", "ok", "uid-ok", ("gpu", TestClaims.Driver, "gpu-1")));

        var response = await harness.DraV1().NodePrepareResourcesAsync(PluginHarness.PrepareRequest(("vms", "bad", "uid-bad"), ("vms", "ok", "uid-ok")));

        response.Claims["uid-bad"].Error.Should().Be("GPU 0000:18:00.0 is held by nv-hostengine");
        response.Claims["uid-ok"].Error.Should().BeEmpty();
    }

    [Fact]
    public async Task A_driver_that_throws_fails_every_claim_of_the_batch_with_the_message_and_the_socket_keeps_serving()
    {
        await using var harness = await PluginHarness.StartAsync();
        harness.Plugin.Throw = new InvalidOperationException("checkpoint unreadable");
        harness.Api.PutResourceClaim(TestClaims.Allocated("vms", "a", "uid-a", ("gpu", TestClaims.Driver, "gpu-0")));

        var response = await harness.DraV1().NodePrepareResourcesAsync(PluginHarness.PrepareRequest(("vms", "a", "uid-a")));
        harness.Plugin.Throw = null;
        var again = await harness.DraV1().NodePrepareResourcesAsync(PluginHarness.PrepareRequest(("vms", "a", "uid-a")));

        response.Claims["uid-a"].Error.Should().Contain("checkpoint unreadable");
        again.Claims["uid-a"].Error.Should().BeEmpty();
    }

    [Fact]
    public async Task A_call_waiting_for_the_serialisation_lock_ends_at_its_deadline()
    {
        await using var harness = await PluginHarness.StartAsync();
        harness.Plugin.Delay = TimeSpan.FromSeconds(3);
        harness.Api.PutResourceClaim(TestClaims.Allocated("vms", "a", "uid-a", ("gpu", TestClaims.Driver, "gpu-0")));
        var client = harness.DraV1();
        var first = client.NodeUnprepareResourcesAsync(PluginHarness.UnprepareRequest(("vms", "a", "uid-a"))).ResponseAsync;
        await WaitUntil(() => harness.Plugin.MaxConcurrency == 1);

        var waiting = () => client.NodeUnprepareResourcesAsync(PluginHarness.UnprepareRequest(("vms", "b", "uid-b")), deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync;

        (await waiting.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
        (await first).Claims["uid-a"].Error.Should().BeEmpty();
        harness.Plugin.Unprepared.Select(c => c.Uid).Should().Equal("uid-a");
    }

    [Fact]
    public async Task An_empty_prepare_answers_at_once_even_while_a_call_holds_the_lock()
    {
        await using var harness = await PluginHarness.StartAsync();
        harness.Plugin.Delay = TimeSpan.FromSeconds(3);
        var client = harness.DraV1();
        var busy = client.NodeUnprepareResourcesAsync(PluginHarness.UnprepareRequest(("vms", "a", "uid-a"))).ResponseAsync;
        await WaitUntil(() => harness.Plugin.MaxConcurrency == 1);

        var empty = await client.NodePrepareResourcesAsync(PluginHarness.PrepareRequest(), deadline: DateTime.UtcNow.AddMilliseconds(500));

        empty.Claims.Should().BeEmpty();
        await busy;
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().Should().BeTrue();
    }
}
