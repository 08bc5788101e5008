using System.Collections.Concurrent;
using k8s.Models;

namespace Nvidia.Dra.Kubelet.Tests.Hosting.Support;

/// <summary>
/// A driver for the host tests: answers each allocation result with one device and a CDI id derived from it, records
/// what it was given, and can be slowed down or made to fail, to observe serialisation and error paths.
/// </summary>
public sealed class RecordingPlugin : IDraPlugin
{
    private int running;

    public ConcurrentQueue<Resourcev1ResourceClaim> Prepared { get; } = new();

    public ConcurrentQueue<DraClaimReference> Unprepared { get; } = new();

    /// <summary>Gets the (start, end) of every call, from <see cref="Environment.TickCount64"/>-independent stopwatch ticks.</summary>
    public ConcurrentQueue<(long Start, long End)> Calls { get; } = new();

    public TimeSpan Delay { get; set; }

    public int MaxConcurrency { get; private set; }

    public Func<Resourcev1ResourceClaim, string?>? FailClaim { get; set; }

    public Exception? Throw { get; set; }

    public async Task<IReadOnlyDictionary<string, DraPrepareResult>> PrepareResourceClaimsAsync(IReadOnlyList<Resourcev1ResourceClaim> claims, CancellationToken cancellationToken)
    {
        var start = Enter();
        try
        {
            await Task.Delay(Delay, cancellationToken);
            if (Throw is not null)
            {
                throw Throw;
            }

            var results = new Dictionary<string, DraPrepareResult>();
            foreach (var claim in claims)
            {
                Prepared.Enqueue(claim);
                var error = FailClaim?.Invoke(claim);
                results[claim.Metadata.Uid] = error is not null
                    ? DraPrepareResult.Failed(error)
                    : DraPrepareResult.Prepared([.. claim.Status.Allocation.Devices.Results.Select(r =>
                        new DraDevice([r.Request], r.Pool, r.Device, [$"example.com/device={claim.Metadata.Uid}-{r.Device}"]) { ShareId = r.ShareID })]);
            }

            return results;
        }
        finally
        {
            Exit(start);
        }
    }

    public async Task<IReadOnlyDictionary<string, string?>> UnprepareResourceClaimsAsync(IReadOnlyList<DraClaimReference> claims, CancellationToken cancellationToken)
    {
        var start = Enter();
        try
        {
            await Task.Delay(Delay, cancellationToken);
            foreach (var claim in claims)
            {
                Unprepared.Enqueue(claim);
            }

            return claims.ToDictionary(c => c.Uid, _ => (string?)null);
        }
        finally
        {
            Exit(start);
        }
    }

    private long Enter()
    {
        var now = Interlocked.Increment(ref running);
        lock (Calls)
        {
            MaxConcurrency = Math.Max(MaxConcurrency, now);
        }

        return System.Diagnostics.Stopwatch.GetTimestamp();
    }

    private void Exit(long start)
    {
        Calls.Enqueue((start, System.Diagnostics.Stopwatch.GetTimestamp()));
        Interlocked.Decrement(ref running);
    }
}
