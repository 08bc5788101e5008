
namespace Nvidia.Dra.Testing;

/// <summary>The real node captures shipped with the test infrastructure (copied next to the test binaries).</summary>
public static class NodeCaptures
{
    /// <summary>Gets the directory of the h200-vm capture: one H200 at 0000:00:06.0 on nvidia, IOMMU off.</summary>
    public static string H200Vm => Path.Join(AppContext.BaseDirectory, "Captures", "h200-vm");
}
