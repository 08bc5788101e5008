namespace Nvidia.Dra.Core.Checkpointing;

/// <summary>One claim in the checkpoint: identity (kept through completion, W17), state, devices and files.</summary>
internal sealed record ClaimRecord
{
    /// <summary>Gets the claim UID.</summary>
    public required string Uid { get; init; }

    /// <summary>Gets the claim name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the claim namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>Gets the claim's state.</summary>
    public required ClaimState State { get; init; }

    /// <summary>Gets the devices, in allocation order.</summary>
    public required IReadOnlyList<DeviceRecord> Devices { get; init; }

    /// <summary>Gets the claim CDI spec's name in the CDI directory (deterministic from the UID).</summary>
    public required string CdiSpecName { get; init; }

    /// <summary>Gets the names of the metadata CDI specs written for the claim.</summary>
    public IReadOnlyList<string> MetadataSpecNames { get; init; } = [];

    /// <summary>Gets the host directory holding the claim's metadata files, when DeviceMetadata is on.</summary>
    public string? MetadataDirectory { get; init; }

    /// <summary>Gets what kubelet was told, once completed.</summary>
    public IReadOnlyList<PreparedDeviceRecord>? Result { get; init; }

    /// <summary>Gets every PCI address the claim owns.</summary>
    public IEnumerable<string> OwnedAddresses => Devices.SelectMany(d => d.OwnedAddresses);

    /// <summary>Returns the record with one device replaced.</summary>
    /// <param name="index">The device's index.</param>
    /// <param name="device">The new device record.</param>
    /// <returns>The new claim record.</returns>
    public ClaimRecord WithDevice(int index, DeviceRecord device) =>
        this with { Devices = [.. Devices.Select((d, i) => i == index ? device : d)] };
}
