using System.Collections.Concurrent;
using System.Text.Json;
using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Core.Tests.Node;

/// <summary>16 threads, 1,000 randomised prepare, unprepare and retry operations over the 8 GPUs of a simulated HGX node.</summary>
public sealed class ConcurrencyTests
{
    private const int Threads = 16;
    private const int Operations = 1000;
    private static readonly string[] Gpus = ["0000:18:00.0", "0000:2a:00.0", "0000:3a:00.0", "0000:5d:00.0", "0000:9a:00.0", "0000:ab:00.0", "0000:ba:00.0", "0000:db:00.0"];

    [Fact]
    public async Task PrepareUnprepare_16ThreadsRandomOperations_NoDoubleUseNoDeadlockIdempotentAnswers()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu(), gates: "PassthroughSupport=true", configure: o => (o.NodeLockTimeout, o.PrepareTimeout, o.UnprepareTimeout) = (TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(40)), memoryBacked: true);
        await node.Service.StartAsync();

        // Three claims compete for each GPU, so the checkpoint backstop is exercised as well as idempotency.
        var claims = Enumerable.Range(0, Gpus.Length * 3)
            .Select(i => (Uid: $"00000000-0000-4000-8000-{i:x12}", Name: $"vm-{i}", Gpu: Gpus[i % Gpus.Length]))
            .ToArray();
        var answers = new ConcurrentDictionary<string, string>();
        var failures = new ConcurrentQueue<string>();
        var next = -1;
        var violations = 0;
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(() => WatchCheckpoint(node.CheckpointPath, stop.Token, () => Interlocked.Increment(ref violations)));

        var workers = Enumerable.Range(0, Threads).Select(t => Task.Run(async () =>
        {
            var random = new Random(1000 + t);
            while (Interlocked.Increment(ref next) < Operations)
            {
                var claim = claims[random.Next(claims.Length)];
                var resource = ClaimFactory.Vfio(claim.Uid, ClaimFactory.VfioDevice(claim.Gpu), name: claim.Name);
                switch (random.Next(3))
                {
                    case 0 or 1: // prepare, or its retry
                        var prepared = (await node.Service.PrepareResourceClaimsAsync([resource]))[0];
                        if (prepared.Error is null)
                        {
                            var answer = string.Join("|", prepared.Devices.SelectMany(d => d.CdiDeviceIds));
                            if (answers.GetOrAdd(claim.Uid, answer) != answer)
                            {
                                failures.Enqueue($"claim {claim.Uid}: answer changed to {answer}");
                            }
                        }
                        else if (prepared.Error is not ClaimPreparationException { Step: ClaimStep.Validate } || !prepared.Error.Message.Contains("already prepared", StringComparison.Ordinal))
                        {
                            failures.Enqueue($"prepare {claim.Uid}: {prepared.Error.GetType().Name}: {prepared.Error.Message}");
                        }

                        break;
                    default:
                        var unprepared = (await node.Service.UnprepareResourceClaimsAsync([new ClaimReference("vms", claim.Name, claim.Uid)]))[0];
                        if (unprepared.Error is not null)
                        {
                            failures.Enqueue($"unprepare {claim.Uid}: {unprepared.Error.Message}");
                        }

                        break;
                }
            }
        })).ToArray();

        var all = Task.WhenAll(workers);
        var finished = await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(90)));
        await stop.CancelAsync();
        await watcher;

        finished.Should().BeSameAs(all, "no operation may deadlock");
        await all;
        failures.Should().BeEmpty();
        violations.Should().Be(0, "no GPU is ever recorded for two claims");
        var owned = Owners(File.ReadAllBytes(node.CheckpointPath));
        foreach (var gpu in Gpus)
        {
            node.DriverOf(gpu).Should().Be(owned.ContainsKey(gpu) ? "vfio-pci" : "nvidia", $"GPU {gpu} is on vfio exactly when a claim owns it");
        }

        node.CdiFiles().Should().HaveCount(owned.Count);
        var release = await node.Service.UnprepareResourceClaimsAsync([.. claims.Select(c => new ClaimReference("vms", c.Name, c.Uid))]);
        release.Should().OnlyContain(r => r.Error == null);
        Gpus.Should().OnlyContain(gpu => node.DriverOf(gpu) == "nvidia" && node.Node.Nvml.IsPersistenceOn(gpu));
        node.CdiFiles().Should().BeEmpty();
    }

    private static void WatchCheckpoint(string path, CancellationToken stop, Action violation)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (File.Exists(path) && Owners(File.ReadAllBytes(path)).Values.Any(count => count > 1))
                {
                    violation();
                }
            }
            catch (IOException)
            {
                // Renamed while opening: read the next version.
            }

            Thread.Sleep(2);
        }
    }

    private static Dictionary<string, int> Owners(byte[] checkpoint)
    {
        using var document = JsonDocument.Parse(checkpoint);
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!document.RootElement.TryGetProperty("claims", out var claims))
        {
            return owners;
        }

        foreach (var claim in claims.EnumerateObject())
        {
            foreach (var device in claim.Value.GetProperty("devices").EnumerateArray())
            {
                var address = device.GetProperty("pciAddress").GetString()!;
                owners[address] = owners.GetValueOrDefault(address) + 1;
            }
        }

        return owners;
    }
}
