using System.Globalization;
using Nvidia.Dra.Nvml;

namespace Nvidia.Dra.Testing.Nvml;

/// <summary>One simulated GPU for <see cref="FakeNvml"/>. Defaults are the H200 of the captured h200-vm node.</summary>
public sealed record FakeGpu
{
    // Bus ids of the eight GPUs of a typical HGX H100/H200 board, so that simulated nodes look like real ones.
    private static readonly string[] HgxBusIds =
    [
        "0000:18:00.0", "0000:2a:00.0", "0000:3a:00.0", "0000:5d:00.0",
        "0000:9a:00.0", "0000:ab:00.0", "0000:ba:00.0", "0000:db:00.0",
    ];

    private readonly string _pciBusId = string.Empty;

    /// <summary>The GPU UUID, <c>GPU-…</c>.</summary>
    public required string Uuid { get; init; }

    /// <summary>The PCI bus id (any form; stored normalised).</summary>
    public required string PciBusId
    {
        get => _pciBusId;
        init => _pciBusId = NvmlPciBusId.Normalize(value);
    }

    /// <summary>The product name.</summary>
    public string Name { get; init; } = "NVIDIA H200";

    /// <summary>The brand.</summary>
    public NvmlBrand Brand { get; init; } = NvmlBrand.Nvidia;

    /// <summary>The architecture.</summary>
    public NvmlArchitecture Architecture { get; init; } = NvmlArchitecture.Hopper;

    /// <summary>The compute capability.</summary>
    public NvmlComputeCapability ComputeCapability { get; init; } = new(9, 0);

    /// <summary>Total memory in bytes (143771 MiB, as nvidia-smi reports for an H200).</summary>
    public ulong MemoryTotalBytes { get; init; } = 143_771UL * 1024 * 1024;

    /// <summary>(device id &lt;&lt; 16) | vendor id.</summary>
    public uint PciDeviceId { get; init; } = 0x233510DE;

    /// <summary>(subsystem id &lt;&lt; 16) | subsystem vendor id.</summary>
    public uint PciSubsystemId { get; init; } = 0x18BF10DE;

    /// <summary>The minor number of <c>/dev/nvidia&lt;minor&gt;</c>.</summary>
    public int MinorNumber { get; init; }

    /// <summary>Whether persistence mode is on at the start.</summary>
    public bool PersistenceModeEnabled { get; init; } = true;

    /// <summary>The MIG mode, or <see langword="null"/> for a GPU without MIG (NVML answers NOT_SUPPORTED).</summary>
    public NvmlMigMode? MigMode { get; init; } = new NvmlMigMode(false, false);

    /// <summary>The compute processes NVML reports at the start.</summary>
    public IReadOnlyList<int> ComputeProcessIds { get; init; } = [];

    /// <summary>An H200 at position <paramref name="index"/> of an HGX board, with a UUID and bus id derived from it.</summary>
    /// <param name="index">0 to 7 use the HGX bus ids; higher indices get buses of PCI domains 0001 and up, so every
    /// index has its own bus id.</param>
    public static FakeGpu H200(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var busId = index < HgxBusIds.Length
            ? HgxBusIds[index]
            : string.Create(CultureInfo.InvariantCulture, $"{1 + ((index - HgxBusIds.Length) / 256):x4}:{(index - HgxBusIds.Length) % 256:x2}:00.0");
        return new FakeGpu
        {
            Uuid = string.Create(CultureInfo.InvariantCulture, $"GPU-{index:x8}-d249-165e-83be-8b5eb3f4e8b9"),
            PciBusId = busId,
            MinorNumber = index,
        };
    }
}
