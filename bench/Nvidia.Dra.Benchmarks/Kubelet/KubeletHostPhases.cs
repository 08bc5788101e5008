using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core;
using Nvidia.Dra.Kubelet;
using Nvidia.Dra.Kubelet.Protocol.V1;
using Nvidia.Dra.Testing.FakeApiServer;
using Nvidia.Dra.Testing.SimulatedDriver;
using CoreJson = Nvidia.Dra.Core.Kubernetes.KubernetesJson;

namespace Nvidia.Dra.Benchmarks.Kubelet;

/// <summary>
/// Splits the host's added time into its parts, which <see cref="KubeletHostBenchmarks"/> cannot: BenchmarkDotNet
/// measures each row in its own phase, so a load change between phases moves the difference, and it cannot see inside
/// a call. Here every round runs each path once, in turn (so all see the same load), and the difference is taken per
/// round. Inside the socket path, the host's own duration metric (<c>dra.kubelet.plugin.call.duration</c>: from the
/// handler's entry to its answer, claim GET included) separates the transport (gRPC client, HTTP/2 over
/// <c>dra.sock</c>, Kestrel, routing) from the handler.
/// Run: <c>TMPDIR=/dev/shm dotnet run -c Release --project bench/Nvidia.Dra.Benchmarks -- --phases 300</c>.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class KubeletHostPhases
{
    private const string Namespace = "vms";
    private const string Name = "virt-launcher-vm1-gpu-x7k2p";
    private const string Uid = "3f0c8e2a-7b1d-4c6e-9a5f-0d2b4e6a8c10";
    private const int Warmups = 10;

    public static async Task RunAsync(int rounds)
    {
        await using var driver = await SimulatedDriverHost.StartAsync().ConfigureAwait(false);
        var service = driver.Service;
        var slices = service.GetResourceSlices();
        var vfio = slices.Devices.First(d => d.Kind == DeviceKind.Vfio);
        var stored = GuideClaims.VfioGpu(Namespace, Name, Uid, slices.Slices[0].Spec.Pool.Name, vfio.Name);
        driver.Api.PutResourceClaim(stored);
        var coreClaim = CoreJson.ReadClaim(Encoding.UTF8.GetBytes(stored.ToJsonString()));
        var dra = new DRAPlugin.DRAPluginClient(driver.Channel(driver.Plugin.DraSocketPath));
        using var api = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(driver.Settings.Kubeconfig!));
        var plugin = driver.Host.Services.GetRequiredService<IDraPlugin>();
        var fetched = await api.ResourceV1.ReadNamespacedResourceClaimAsync(Name, Namespace).ConfigureAwait(false);
        // The guide's claim has only this driver's results, so the host would hand the driver exactly this claim.
        var claim = fetched;
        var reference = new Claim { Namespace = Namespace, Name = Name, Uid = Uid };

        // The host records each call's duration when it answers; the last one recorded is the call just made.
        var handlerSeconds = 0.0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Nvidia.Dra.Kubelet" && instrument.Name == "dra.kubelet.plugin.call.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => Volatile.Write(ref handlerSeconds, value));
        listener.Start();

        var rows = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        void Add(string row, double ms)
        {
            if (!rows.TryGetValue(row, out var list))
            {
                rows[row] = list = [];
            }

            list.Add(ms);
        }

        for (var round = -Warmups; round < rounds; round++)
        {
            var measured = new Dictionary<string, double>(StringComparer.Ordinal);
            measured["direct: prepare+unprepare through IDraNodeService (baseline)"] = await TimeAsync(async () =>
            {
                var prepared = await service.PrepareResourceClaimsAsync([coreClaim]).ConfigureAwait(false);
                Check(prepared[0].Error?.Message);
                var released = await service.UnprepareResourceClaimsAsync([new ClaimReference(Namespace, Name, Uid)]).ConfigureAwait(false);
                Check(released[0].Error?.Message);
            }).ConfigureAwait(false);
            measured["adapter: the same through IDraPlugin (the driver's model mapping)"] = await TimeAsync(async () =>
            {
                var prepared = await plugin.PrepareResourceClaimsAsync([claim], CancellationToken.None).ConfigureAwait(false);
                Check(prepared[Uid].Error);
                var released = await plugin.UnprepareResourceClaimsAsync([new DraClaimReference(Namespace, Name, Uid)], CancellationToken.None).ConfigureAwait(false);
                Check(released[Uid]);
            }).ConfigureAwait(false);

            var prepareCall = await TimeAsync(async () => Check((await dra.NodePrepareResourcesAsync(new NodePrepareResourcesRequest { Claims = { reference } })).Claims[Uid].Error)).ConfigureAwait(false);
            var prepareHandler = Volatile.Read(ref handlerSeconds) * 1000;
            var unprepareCall = await TimeAsync(async () => Check((await dra.NodeUnprepareResourcesAsync(new NodeUnprepareResourcesRequest { Claims = { reference } })).Claims[Uid].Error)).ConfigureAwait(false);
            var unprepareHandler = Volatile.Read(ref handlerSeconds) * 1000;
            measured["socket: prepare+unprepare over dra.sock (claim GET included)"] = prepareCall + unprepareCall;
            measured["  transport of both calls (round trips minus the handler's time)"] = prepareCall - prepareHandler + unprepareCall - unprepareHandler;
            measured["  handler of both calls (claim GET + driver)"] = prepareHandler + unprepareHandler;
            measured["one empty NodeUnprepareResources over dra.sock"] = await TimeAsync(async () => await dra.NodeUnprepareResourcesAsync(new NodeUnprepareResourcesRequest())).ConfigureAwait(false);
            // The same call after 5 ms in which the process did nothing, as after a driver call: the thread-pool
            // workers that hand the call on have gone to sleep by then and must be woken.
            await Task.Delay(5).ConfigureAwait(false);
            measured["the same after 5 ms idle"] = await TimeAsync(async () => await dra.NodeUnprepareResourcesAsync(new NodeUnprepareResourcesRequest())).ConfigureAwait(false);
            measured["one claim GET from the fake API server (KubernetesClient)"] = await TimeAsync(async () => await api.ResourceV1.ReadNamespacedResourceClaimAsync(Name, Namespace)).ConfigureAwait(false);
            measured["socket - direct, same round"] = measured["socket: prepare+unprepare over dra.sock (claim GET included)"] - measured["direct: prepare+unprepare through IDraNodeService (baseline)"];
            measured["adapter - direct, same round"] = measured["adapter: the same through IDraPlugin (the driver's model mapping)"] - measured["direct: prepare+unprepare through IDraNodeService (baseline)"];
            if (round >= 0)
            {
                foreach (var (row, ms) in measured)
                {
                    Add(row, ms);
                }
            }
        }

        var baseline = Median(rows["direct: prepare+unprepare through IDraNodeService (baseline)"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds; ms; ratio = median / the baseline's median"));
        foreach (var (row, list) in rows)
        {
            var sorted = list.Order().ToArray();
            var median = Median(sorted);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{row,-68} median {median,7:0.00}  p25 {sorted[sorted.Length / 4],7:0.00}  p75 {sorted[sorted.Length * 3 / 4],7:0.00}  ratio {median / baseline,5:0.00}"));
        }
    }

    private static async Task<double> TimeAsync(Func<Task> run)
    {
        var started = Stopwatch.GetTimestamp();
        await run().ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void Check(string? error)
    {
        if (!string.IsNullOrEmpty(error))
        {
            throw new InvalidOperationException(error);
        }
    }
}
