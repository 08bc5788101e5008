using Microsoft.Extensions.Hosting;
using Nvidia.Dra.Core;
using Nvidia.Dra.Core.Doctor;
using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Embedding;

/// <summary>
/// The kubelet-facing side of a DRA driver. A real plugin registers with kubelet over
/// <c>/var/lib/kubelet/plugins_registry</c>, serves the <c>dra.v1</c> gRPC service and watches its claims; each
/// kubelet call below is one line into <see cref="IDraNodeService"/>. With <c>--simulate</c> it plays kubelet
/// once (allocate a vfio GPU, prepare, unprepare) and stops the host.
/// </summary>
internal sealed class KubeletPlugin(IDraNodeService node, NodeDoctor doctor, IHostApplicationLifetime lifetime, PluginOutcome outcome, SimulatedKubelet? kubelet = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Start-up failed (preflight, crash recovery, a root that is not there): say why in one line and exit 1,
            // so that the pod restarts and its status shows the reason.
            Console.Error.WriteLine($"fatal: {exception.Message}");
            outcome.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var checkup = await doctor.RunAsync(stoppingToken);          // what nvdra doctor prints, for the start-up log
        Console.WriteLine($"doctor: {checkup.Status}, {checkup.Findings.Count(f => f.Status == DoctorStatus.Blocking)} blocking");

        var startup = await node.StartAsync(stoppingToken);           // preflight + crash recovery, before registering
        Console.WriteLine($"started: passthrough available = {startup.Preflight.PassthroughAvailable}");

        // ── API server: publish the ResourceSlices (again after every prepare/unprepare and on GPU changes) ──
        var publication = node.GetResourceSlices();
        foreach (var slice in publication.Slices)
        {
            Console.WriteLine($"publish ResourceSlice {slice.Metadata.Name}: {slice.Spec.Devices?.Count ?? 0} devices"); // PUT KubernetesJson.Serialize(slice)
        }

        if (kubelet is null)
        {
            return;                                                   // a real plugin now serves gRPC until stopped
        }

        var claim = kubelet.AllocateVfioClaim(publication);           // what the scheduler wrote into the claim
        var ok = (await NodePrepareResourcesAsync([claim], stoppingToken))[0]
                 && (await NodeUnprepareResourcesAsync([new ClaimReference(claim.Metadata.Namespace!, claim.Metadata.Name!, claim.Metadata.Uid!)], stoppingToken))[0];
        outcome.ExitCode = ok && kubelet.EveryGpuIsOnNvidia() ? 0 : 1;
        lifetime.StopApplication();
    }

    // ── kubelet gRPC: NodePrepareResources → one result per claim (CDI device ids, or an error for that claim) ──
    private async Task<IReadOnlyList<bool>> NodePrepareResourcesAsync(IReadOnlyList<ResourceClaim> claims, CancellationToken cancellationToken)
    {
        var results = await node.PrepareResourceClaimsAsync(claims, cancellationToken);
        foreach (var result in results)
        {
            Console.WriteLine(result.Error is null
                ? $"NodePrepareResources {result.ClaimUid}: {string.Join(", ", result.Devices.SelectMany(d => d.CdiDeviceIds))}"
                : $"NodePrepareResources {result.ClaimUid} failed: {result.Error.Message}");
        }

        return [.. results.Select(r => r.Succeeded)];
    }

    // ── kubelet gRPC: NodeUnprepareResources → one result per claim ──
    private async Task<IReadOnlyList<bool>> NodeUnprepareResourcesAsync(IReadOnlyList<ClaimReference> claims, CancellationToken cancellationToken)
    {
        var results = await node.UnprepareResourceClaimsAsync(claims, cancellationToken);
        foreach (var result in results)
        {
            Console.WriteLine(result.Error is null ? $"NodeUnprepareResources {result.ClaimUid}: done" : $"NodeUnprepareResources {result.ClaimUid} failed: {result.Error.Message}");
        }

        return [.. results.Select(r => r.Error is null)];
    }
}
