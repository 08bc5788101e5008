namespace Nvidia.Dra.Testing.FakeApiServer;

/// <summary>How a <see cref="FakeKubernetesApiServer"/> behaves where real API servers differ by version or gates.</summary>
public sealed record FakeApiServerOptions
{
    /// <summary>
    /// Gets a value indicating whether ResourceSlice writes lose the fields of the <c>DRAPartitionableDevices</c> gate
    /// (<c>spec.sharedCounters</c>, <c>spec.perDeviceNodeSelection</c>, and per device <c>consumesCounters</c>,
    /// <c>nodeName</c>, <c>nodeSelector</c>, <c>allNodes</c>), silently, as a 1.34/1.35 API server with default gates does.
    /// </summary>
    public bool DropPartitionableDevicesFields { get; init; }

    /// <summary>Gets how many change events are kept for watches that resume; older resource versions answer 410 Gone.</summary>
    public int HistoryLimit { get; init; } = 1000;
}
