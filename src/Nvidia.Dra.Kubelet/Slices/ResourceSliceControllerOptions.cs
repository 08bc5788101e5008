namespace Nvidia.Dra.Kubelet;

/// <summary>Settings of the <see cref="ResourceSliceController"/>. Defaults are the Go library's.</summary>
public sealed class ResourceSliceControllerOptions
{
    /// <summary>Gets or sets the DRA driver name (<c>spec.driver</c> of every slice). Required.</summary>
    public string DriverName { get; set; } = string.Empty;

    /// <summary>Gets or sets the node name (<c>spec.nodeName</c>, and the owner Node). Required.</summary>
    public string NodeName { get; set; } = string.Empty;

    /// <summary>Gets or sets how long after a change seen on the watch a pool is checked again (upstream 30 s).</summary>
    public TimeSpan SyncDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the first retry delay of a failing pool; it doubles per failure (upstream 5 ms).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Gets or sets the longest retry delay of a failing pool (upstream 1,000 s).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(1000);

    /// <summary>Gets or sets the overall rate of pool syncs per second (upstream 10).</summary>
    public double SyncsPerSecond { get; set; } = 10;

    /// <summary>Gets or sets the burst of pool syncs allowed above the rate (upstream 100).</summary>
    public int SyncBurst { get; set; } = 100;

    /// <summary>
    /// Gets or sets how long the controller trusts its own creates, updates and deletes over a watch that has not
    /// shown them yet, so a lagging watch never causes duplicate creates (upstream 1 min).
    /// </summary>
    public TimeSpan MutationCacheTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the server-side timeout of one watch request; the watch is then resumed.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
