using System.Text.Json;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// The prior state of every function a switch moves, GPU first. It is known before the first write
/// (<see cref="PassthroughPlan.PriorState"/>): persist it durably before switching, and hand it to
/// <see cref="IDriverSwitch.RestoreAsync"/> on release or after a crash, from any process.
/// </summary>
/// <param name="Gpu">The GPU.</param>
/// <param name="IommuGroup">Its IOMMU group.</param>
/// <param name="VfioModule">The VFIO module the switch targets.</param>
/// <param name="Functions">The recorded bindings, in switch order (GPU first, then companions).</param>
public sealed record DriverSwitchRecord(PciAddress Gpu, int? IommuGroup, string VfioModule, IReadOnlyList<FunctionBinding> Functions)
{
    /// <summary>Serialises the record to JSON (source-generated, AOT-safe).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, VfioJsonContext.Default.DriverSwitchRecord);

    /// <summary>Reads a record written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The record.</returns>
    /// <exception cref="JsonException">The text is not a record.</exception>
    public static DriverSwitchRecord FromJson(string json) =>
        JsonSerializer.Deserialize(json, VfioJsonContext.Default.DriverSwitchRecord)
        ?? throw new JsonException("The JSON text is null, not a driver switch record.");

    /// <summary>Compares by value, including every recorded binding.</summary>
    /// <param name="other">The other record.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(DriverSwitchRecord? other) =>
        other is not null && Gpu == other.Gpu && IommuGroup == other.IommuGroup &&
        VfioModule == other.VfioModule && Functions.SequenceEqual(other.Functions);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Gpu, IommuGroup, VfioModule, Functions.Count);
}
