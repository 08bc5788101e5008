using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Nvidia.Dra.Testing.FakeApiServer;

namespace Nvidia.Dra.Kubelet.Tests.FakeApi;

/// <summary>The loopback fake API server, through the official client: the semantics a slice controller relies on.</summary>
public sealed class FakeApiServerTests : IAsyncLifetime
{
    private FakeKubernetesApiServer server = null!;
    private Kubernetes client = null!;

    public async Task InitializeAsync()
    {
        server = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { DropPartitionableDevicesFields = true, HistoryLimit = 100 });
        client = new Kubernetes(new KubernetesClientConfiguration { Host = server.BaseAddress.ToString() });
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Create_with_generateName_then_update_with_a_stale_version_conflicts_and_delete_preconditions_are_checked()
    {
        var created = await client.ResourceV1.CreateResourceSliceAsync(Slice("node-1"));
        var updated = await client.ResourceV1.ReplaceResourceSliceAsync(WithGeneration(created, 2), created.Metadata.Name);
        var stale = () => client.ResourceV1.ReplaceResourceSliceAsync(WithGeneration(created, 3), created.Metadata.Name);
        var wrongUid = () => client.ResourceV1.DeleteResourceSliceAsync(created.Metadata.Name, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = "other" } });

        created.Metadata.Name.Should().StartWith("00000-gpu.example.com-node-1-").And.HaveLength("00000-gpu.example.com-node-1-".Length + 5);
        created.Metadata.Uid.Should().NotBeNullOrEmpty();
        long.Parse(updated.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
        updated.Metadata.Generation.Should().Be(2);
        (await stale.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await wrongUid.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        await client.ResourceV1.DeleteResourceSliceAsync(created.Metadata.Name, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = created.Metadata.Uid, ResourceVersion = updated.Metadata.ResourceVersion } });
        var gone = () => client.ResourceV1.ReadResourceSliceAsync(created.Metadata.Name);
        (await gone.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Lists_filter_by_field_selector_and_unknown_fields_are_rejected()
    {
        await client.ResourceV1.CreateResourceSliceAsync(Slice("node-1"));
        await client.ResourceV1.CreateResourceSliceAsync(Slice("node-2"));

        var mine = await client.ResourceV1.ListResourceSliceAsync(fieldSelector: "spec.driver=gpu.example.com,spec.nodeName=node-2");
        var bad = () => client.ResourceV1.ListResourceSliceAsync(fieldSelector: "spec.colour=blue");

        mine.Items.Should().ContainSingle().Which.Spec.NodeName.Should().Be("node-2");
        mine.Metadata.ResourceVersion.Should().NotBeNullOrEmpty();
        (await bad.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Gated_fields_are_dropped_silently_when_configured()
    {
        var slice = Slice("node-1");
        slice.Spec.SharedCounters = [new V1CounterSet { Name = "gpu-0", Counters = new Dictionary<string, V1Counter> { ["gpu"] = new() { Value = new ResourceQuantity("1") } } }];

        var created = await client.ResourceV1.CreateResourceSliceAsync(slice);

        created.Spec.SharedCounters.Should().BeNullOrEmpty();
    }

    [Fact]
    public async Task A_watch_resumes_from_a_resource_version_and_a_compacted_one_gets_410_gone()
    {
        var first = await client.ResourceV1.CreateResourceSliceAsync(Slice("node-1"));
        await client.ResourceV1.CreateResourceSliceAsync(Slice("node-2"));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var resumed = await ReadEventsAsync(http, $"/apis/resource.k8s.io/v1/resourceslices?watch=true&resourceVersion={first.Metadata.ResourceVersion}&fieldSelector=spec.nodeName%3Dnode-2", 1);
        server.CompactResourceSlices();
        var expired = await ReadEventsAsync(http, $"/apis/resource.k8s.io/v1/resourceslices?watch=true&resourceVersion={first.Metadata.ResourceVersion}", 1);

        resumed.Should().ContainSingle().Which["type"]!.GetValue<string>().Should().Be("ADDED");
        resumed[0]["object"]!["spec"]!["nodeName"]!.GetValue<string>().Should().Be("node-2");
        expired.Should().ContainSingle().Which["type"]!.GetValue<string>().Should().Be("ERROR");
        expired[0]["object"]!["code"]!.GetValue<int>().Should().Be(410);
    }

    private static async Task<List<JsonObject>> ReadEventsAsync(HttpClient http, string path, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = new List<JsonObject>();
        while (events.Count < count && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            events.Add(JsonNode.Parse(line)!.AsObject());
        }

        return events;
    }

    private static V1ResourceSlice WithGeneration(V1ResourceSlice slice, long generation)
    {
        slice.Spec.Pool.Generation = generation;
        return slice;
    }

    private static V1ResourceSlice Slice(string node) => new()
    {
        Metadata = new V1ObjectMeta { GenerateName = $"00000-gpu.example.com-{node}-" },
        Spec = new V1ResourceSliceSpec
        {
            Driver = "gpu.example.com",
            NodeName = node,
            Pool = new V1ResourcePool { Name = node, Generation = 1, ResourceSliceCount = 1 },
            Devices = [new V1Device { Name = "gpu-0" }],
        },
    };
}
