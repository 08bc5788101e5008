using System.Text.RegularExpressions;

namespace Nvidia.Dra.Testing.FakeApiServer;

/// <summary>The API server's name rules the fake enforces.</summary>
internal static partial class KubernetesNamePattern
{
    public static bool IsDnsSubdomain(string name) => Subdomain().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
