namespace Nvidia.Dra.Core.Naming;

/// <summary>The Kubernetes name rules the driver must honour (resource.k8s.io/v1 and core object names).</summary>
internal static class KubernetesNames
{
    public const int DnsLabelMaxLength = 63;
    public const int DnsSubdomainMaxLength = 253;
    public const int DriverNameMaxLength = 63;
    public const int CIdentifierMaxLength = 32;

    /// <summary>A DNS-1123 label: lower-case alphanumerics and '-', starting and ending alphanumeric, at most 63.</summary>
    public static bool IsDnsLabel(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > DnsLabelMaxLength)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var alphanumeric = c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            if (!alphanumeric && (c != '-' || i == 0 || i == value.Length - 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A DNS-1123 subdomain: dot-separated labels, at most <paramref name="maxLength"/> characters.</summary>
    public static bool IsDnsSubdomain(string? value, int maxLength = DnsSubdomainMaxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            return false;
        }

        foreach (var label in value.Split('.'))
        {
            if (!IsDnsLabel(label))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A C identifier of at most 32 characters, the bare form of an attribute or capacity key.</summary>
    public static bool IsCIdentifier(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > CIdentifierMaxLength)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (i > 0 && c is >= '0' and <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An attribute or capacity key: a C identifier, or <c>domain/identifier</c> with a driver-name domain.</summary>
    public static bool IsQualifiedName(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return IsCIdentifier(value);
        }

        var domain = value[..slash];
        var id = value[(slash + 1)..];
        return IsDnsSubdomain(domain, DriverNameMaxLength) && IsCIdentifier(id);
    }

    /// <summary>A pool name: '/'-separated DNS subdomains, at most 253 characters.</summary>
    public static bool IsPoolName(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= DnsSubdomainMaxLength && value.Split('/').All(p => IsDnsSubdomain(p));
}
