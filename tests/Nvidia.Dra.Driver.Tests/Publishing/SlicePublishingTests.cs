using Nvidia.Dra.Core.Tests.Support;

namespace Nvidia.Dra.Driver.Tests.Publishing;

/// <summary>The driver publishes Core's pool by itself: at start, after prepare and unprepare, and shows it in health.</summary>
public sealed class SlicePublishingTests
{
    private const string Gpu = "0000:5d:00.0";
    private const string VmUid = "7d3e9a10-2b4c-4e5f-8a9b-0c1d2e3f4a5b";

    [Fact]
    public async Task At_start_the_stored_slices_are_cores_pool_owned_by_the_node_and_health_says_published()
    {
        await using var driver = await PublishedDriver.StartAsync(apiDropsCounters: false);

        await driver.ConvergeAsync();

        var publication = driver.Service.GetResourceSlices();
        driver.StoredDevices().Should().Equal(publication.Devices.Select(d => d.Name), "the stored pool is Core's, in Core's order");
        driver.StoredSlices.Should().NotBeEmpty().And.OnlyContain(s =>
            s["spec"]!["driver"]!.GetValue<string>() == "gpu.nvidia.com"
            && s["spec"]!["nodeName"]!.GetValue<string>() == ClaimFactory.Pool
            && s["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>() == "Node"
            && s["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>() == driver.NodeUid());
        publication.Exclusion.Should().BeNull("a passthrough-only node publishes one view per GPU");
        var plugin = driver.Driver.Plugin;
        using var http = new HttpClient();
        var health = await http.GetStringAsync(new Uri(plugin.HealthAddress!, "/healthz"));
        health.Should().Contain("slices: published");
    }

    [Fact]
    public async Task A_prepare_and_an_unprepare_leave_the_published_slices_as_they_were()
    {
        // A switched GPU keeps the identity it is advertised with, so a VM's start and stop write nothing to the API
        // server: the same devices, the same generation, no write. (The controller may still check the pool again
        // when the echo of its own start-up write arrives late; a check that finds it as desired writes nothing.)
        await using var driver = await PublishedDriver.StartAsync(apiDropsCounters: false);
        await driver.ConvergeAsync();
        var writesBefore = Writes(driver);
        var before = driver.StoredDevices();
        var generationsBefore = Generations(driver);

        var prepared = await driver.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(VmUid, ClaimFactory.VfioDevice(Gpu))]);
        await driver.ConvergeAsync();
        var whilePrepared = driver.StoredDevices();
        var released = await driver.Service.UnprepareResourceClaimsAsync([new Core.ClaimReference("vms", "vm1-gpu-x7k2p", VmUid)]);
        await driver.ConvergeAsync();

        prepared[0].Error.Should().BeNull();
        released[0].Error.Should().BeNull();
        whilePrepared.Should().Equal(before, "a prepared GPU's vfio view stays published: it is allocated, not gone");
        driver.StoredDevices().Should().Equal(before);
        Generations(driver).Should().Equal(generationsBefore);
        Writes(driver).Should().Equal(writesBefore, "the pool did not change");
    }

    private static List<long> Generations(PublishedDriver driver) =>
        [.. driver.Server.ResourceSlices.Select(s => s["spec"]!["pool"]!["generation"]!.GetValue<long>())];

    private static List<string> Writes(PublishedDriver driver) =>
        [.. driver.Server.Requests.Where(r => !r.StartsWith("GET ", StringComparison.Ordinal))];

    [Fact]
    public async Task A_server_that_drops_counters_on_a_passthrough_only_node_changes_nothing()
    {
        await using var driver = await PublishedDriver.StartAsync(apiDropsCounters: true);

        await driver.ConvergeAsync();

        driver.Controller.Status.DroppedFields.Should().BeEmpty("a passthrough-only pool sends no counters to drop");
        driver.StoredDevices().Should().HaveCount(8);
    }
}
