using System.Globalization;

namespace Nvidia.Dra.Nvml;

/// <summary>The highest CUDA version the driver supports, such as 13.0.</summary>
/// <param name="Major">The major number.</param>
/// <param name="Minor">The minor number.</param>
public readonly record struct NvmlCudaVersion(int Major, int Minor)
{
    /// <summary>Decodes NVML's integer form, 1000 × major + 10 × minor (13000 → 13.0, 12040 → 12.4).</summary>
    /// <param name="value">The value from <c>nvmlSystemGetCudaDriverVersion</c>.</param>
    public static NvmlCudaVersion FromDriverValue(int value) => new(value / 1000, value % 1000 / 10);

    /// <summary>The <c>major.minor</c> form.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, stackalloc char[24], $"{Major}.{Minor}");
}
