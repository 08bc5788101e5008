using System.Globalization;

namespace Nvidia.Dra.Nvml;

/// <summary>A CUDA compute capability such as 9.0.</summary>
/// <param name="Major">The major number.</param>
/// <param name="Minor">The minor number.</param>
public readonly record struct NvmlComputeCapability(int Major, int Minor)
{
    /// <summary>The <c>major.minor</c> form nvidia-smi prints (<c>compute_cap</c>).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, stackalloc char[24], $"{Major}.{Minor}");
}
