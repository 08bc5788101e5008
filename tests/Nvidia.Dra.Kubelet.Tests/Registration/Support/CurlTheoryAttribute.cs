namespace Nvidia.Dra.Kubelet.Tests.Registration.Support;

/// <summary>A theory that needs curl with HTTP/2; skipped with the reason where it is absent (see <see cref="CurlFactAttribute"/>).</summary>
public sealed class CurlTheoryAttribute : TheoryAttribute
{
    public CurlTheoryAttribute()
    {
        Skip = new CurlFactAttribute().Skip;
    }
}
