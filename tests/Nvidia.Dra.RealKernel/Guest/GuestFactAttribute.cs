namespace Nvidia.Dra.RealKernel;

/// <summary>
/// A test that needs the real-kernel guest: skipped, with a one-line reason, anywhere else (a plain <c>dotnet test</c>);
/// run inside the guest by eng/realkernel/test.sh through <see cref="SuiteRunner"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GuestFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public GuestFactAttribute()
    {
        if (!GuestGuard.Default.IsGuest)
        {
            Skip = "needs the real-kernel guest: runs under eng/realkernel/test.sh (QEMU, emulated IOMMU), not on this machine";
        }
    }
}
