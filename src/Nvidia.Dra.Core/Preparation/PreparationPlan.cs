using Nvidia.Dra.Core.Checkpointing;
using Nvidia.Dra.Core.Metadata;

namespace Nvidia.Dra.Core.Preparation;

/// <summary>
/// Everything prepare decided before its first side effect (W11): the resolved devices with their passthrough
/// plans, the claim record to checkpoint, the metadata files and the CDI backend.
/// </summary>
/// <param name="Identity">The claim.</param>
/// <param name="Devices">The devices, in allocation order.</param>
/// <param name="Record">The checkpoint entry (state <see cref="ClaimState.PrepareStarted"/>).</param>
/// <param name="MetadataFiles">The KEP-5304 files to write; empty without DeviceMetadata.</param>
/// <param name="UseIommuFd">Whether the claim spec uses the iommufd backend.</param>
/// <param name="EnableApiDevice">Whether the claim spec injects the API device.</param>
internal sealed record PreparationPlan(
    ClaimIdentity Identity,
    IReadOnlyList<PlannedDevice> Devices,
    ClaimRecord Record,
    IReadOnlyList<MetadataFile> MetadataFiles,
    bool UseIommuFd,
    bool EnableApiDevice);
