namespace Nvidia.Dra.Core.Advertising;

/// <summary>The resource.k8s.io/v1 limits a published pool must respect (Kubernetes 1.36 validation).</summary>
public static class SliceLimits
{
    /// <summary>Devices per slice.</summary>
    public const int MaxDevicesPerSlice = 128;

    /// <summary>Devices per slice when any device uses taints, <c>consumesCounters</c> or list attributes.</summary>
    public const int MaxDevicesPerSliceWithAdvancedFeatures = 64;

    /// <summary>Attributes plus capacities per device.</summary>
    public const int MaxAttributesAndCapacitiesPerDevice = 32;

    /// <summary>UTF-8 bytes in a string or version attribute value (the API server counts bytes, not characters).</summary>
    public const int MaxAttributeValueLength = 64;

    /// <summary>Counter sets per slice.</summary>
    public const int MaxCounterSetsPerSlice = 8;

    /// <summary>Counters per counter set.</summary>
    public const int MaxCountersPerCounterSet = 32;

    /// <summary><c>consumesCounters</c> entries per device.</summary>
    public const int MaxCounterConsumptionsPerDevice = 2;
}
