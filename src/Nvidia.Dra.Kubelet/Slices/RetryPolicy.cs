namespace Nvidia.Dra.Kubelet;

/// <summary>
/// Per-pool exponential backoff combined with one token bucket for all pools, as client-go's default controller
/// rate limiter: the wait before a retry is the larger of the two.
/// </summary>
internal sealed class RetryPolicy(ResourceSliceControllerOptions options, TimeProvider time)
{
    private readonly Lock gate = new();
    private double tokens = options.SyncBurst;
    private long lastRefill = time.GetTimestamp();

    /// <summary>The backoff after <paramref name="failures"/> consecutive failures (1 → initial).</summary>
    public TimeSpan Backoff(int failures)
    {
        var ticks = options.InitialBackoff.Ticks * Math.Pow(2, Math.Min(failures - 1, 40));
        return ticks >= options.MaxBackoff.Ticks ? options.MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Takes a token; returns how long to wait first when none is left.</summary>
    public TimeSpan Take()
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            tokens = Math.Min(options.SyncBurst, tokens + (time.GetElapsedTime(lastRefill, now).TotalSeconds * options.SyncsPerSecond));
            lastRefill = now;
            tokens -= 1;
            return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / options.SyncsPerSecond);
        }
    }
}
