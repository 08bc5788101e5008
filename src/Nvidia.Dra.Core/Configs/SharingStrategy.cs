namespace Nvidia.Dra.Core.Configs;

/// <summary>How containers share a GPU or MIG device.</summary>
public enum SharingStrategy
{
    /// <summary>CUDA time-slicing (<c>TimeSlicing</c> on the wire).</summary>
    TimeSlicing,

    /// <summary>Multi-Process Service (<c>MPS</c> on the wire); needs the <c>MPSSupport</c> gate.</summary>
    Mps,
}
